package dev.tessera.tiler.service;

import dev.tessera.service.StreamsRunner;
import dev.tessera.service.TesseraKafka;
import dev.tessera.tiler.tiling.TilerSettings;
import dev.tessera.tiler.topology.TilerTopology;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Wires the tiler core into Quarkus: validates {@code tessera.tiler.*} (errors name the key),
 * creates Tessera's topics, and runs {@link TilerTopology} in a Kafka Streams client configured by
 * the core's {@link TilerTopology#streamsConfig} from {@code tessera.kafka.*}, the same properties
 * the launcher's local mode uses.
 */
@ApplicationScoped
public class TilerService {

  private static final Logger LOG = Logger.getLogger(TilerService.class);

  private final TilerConfig config;
  private final TesseraKafka kafka;
  private final TilerMetrics metrics;
  private volatile TilerSettings settings;
  private volatile StreamsRunner runner;

  public TilerService(TilerConfig config, TesseraKafka kafka, TilerMetrics metrics) {
    this.config = config;
    this.kafka = kafka;
    this.metrics = metrics;
  }

  void start(@Observes StartupEvent event) {
    settings = TilerConfigs.settings(config);
    LOG.infof("Tiling for a depth-%d U-Net (margin %d, inputs up to %d) from %s, normalization %s",
        settings.geometry().depth(), settings.geometry().margin(), settings.largestInputSize(), settings.source(),
        settings.normalization().format());
    kafka.ensureTopics();
    runner = new StreamsRunner(TilerTopology.topology(kafka.topics(), settings, metrics, Clock.systemUTC()),
        kafka.streamsProperties(TilerTopology.streamsConfig(kafka.settings(), kafka.topics(), config.applicationId())));
    runner.start();
  }

  void stop(@Observes ShutdownEvent event) {
    StreamsRunner r = runner;
    if (r != null) {
      r.close(Duration.ofSeconds(30));
    }
  }

  /** The running stream, once start-up got that far. */
  public Optional<StreamsRunner> runner() {
    return Optional.ofNullable(runner);
  }

  public Optional<TilerSettings> settings() {
    return Optional.ofNullable(settings);
  }

  public TesseraKafka kafka() {
    return kafka;
  }
}
