package dev.tessera.stitcher.service;

import dev.tessera.service.EnvironmentCheck;
import dev.tessera.service.StreamsStage;
import dev.tessera.service.TesseraKafka;
import dev.tessera.stitcher.topology.StitcherSettings;
import dev.tessera.stitcher.topology.StitcherTopology;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.apache.kafka.streams.StreamsBuilder;
import org.jboss.logging.Logger;

/**
 * Wires the stitcher core into Quarkus: validates {@code tessera.stitcher.*} (errors name the key),
 * creates Tessera's topics, and runs {@link StitcherTopology} (input {@code tile-masks}, outputs
 * {@code masks}, {@code objects} and {@code dead-letters}) in a Kafka Streams client configured by
 * the core's {@link StitcherTopology#streamsConfig} from {@code tessera.kafka.*}, as the launcher's
 * local mode does.
 */
@ApplicationScoped
public class StitcherService extends StreamsStage {

  private static final Logger LOG = Logger.getLogger(StitcherService.class);

  private final StitcherConfig config;
  private final StitcherMetrics metrics;
  private volatile StitcherSettings settings;

  public StitcherService(StitcherConfig config, TesseraKafka kafka, StitcherMetrics metrics) {
    super(kafka);
    this.config = config;
    this.metrics = metrics;
  }

  void start(@Observes StartupEvent event) {
    EnvironmentCheck.enforce(System.getenv(), "stitcher", StitcherConfig.class);
    settings = StitcherConfigs.settings(config, kafka.settings().limits());
    LOG.infof("Stitching with a %s frame timeout, at most %d open frames per task, %s; cells: %s",
        settings.frameTimeout(), settings.maxOpenFrames(),
        settings.inOrder() ? "in frame order (grace " + settings.orderGrace() + ")" : "in completion order",
        settings.describeCells());
    StreamsBuilder builder = new StreamsBuilder();
    StitcherTopology.build(builder, kafka.topics(), settings, metrics);
    startStreams(builder.build(),
        StitcherTopology.streamsConfig(kafka.settings(), kafka.topics(), config.applicationId()));
  }

  public Optional<StitcherSettings> settings() {
    return Optional.ofNullable(settings);
  }
}
