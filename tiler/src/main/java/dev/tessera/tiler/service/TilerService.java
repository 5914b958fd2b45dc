package dev.tessera.tiler.service;

import dev.tessera.service.EnvironmentCheck;
import dev.tessera.service.StreamsStage;
import dev.tessera.service.TesseraKafka;
import dev.tessera.tiler.tiling.TilerSettings;
import dev.tessera.tiler.topology.TilerTopology;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Wires the tiler core into Quarkus: validates {@code tessera.tiler.*} (errors name the key),
 * creates Tessera's topics, and runs {@link TilerTopology} in a Kafka Streams client configured by
 * the core's {@link TilerTopology#streamsConfig} from {@code tessera.kafka.*}, the same properties
 * the launcher's local mode uses.
 */
@ApplicationScoped
public class TilerService extends StreamsStage {

  private static final Logger LOG = Logger.getLogger(TilerService.class);

  private final TilerConfig config;
  private final TilerMetrics metrics;
  private volatile TilerSettings settings;

  public TilerService(TilerConfig config, TesseraKafka kafka, TilerMetrics metrics) {
    super(kafka);
    this.config = config;
    this.metrics = metrics;
  }

  void start(@Observes StartupEvent event) {
    EnvironmentCheck.enforce(System.getenv(), "tiler", TilerConfig.class);
    settings = TilerConfigs.settings(config);
    LOG.infof("Tiling for a depth-%d U-Net (margin %d, inputs up to %d) from %s, normalization %s",
        settings.geometry().depth(), settings.geometry().margin(), settings.largestInputSize(), settings.source(),
        settings.normalization().format());
    startStreams(TilerTopology.topology(kafka.topics(), settings, metrics, Clock.systemUTC()),
        TilerTopology.streamsConfig(kafka.settings(), kafka.topics(), config.applicationId()));
  }

  public Optional<TilerSettings> settings() {
    return Optional.ofNullable(settings);
  }
}
