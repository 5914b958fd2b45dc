package dev.tessera.tracker.service;

import dev.tessera.service.EnvironmentCheck;
import dev.tessera.service.StreamsStage;
import dev.tessera.service.TesseraKafka;
import dev.tessera.tracker.topology.TrackerSettings;
import dev.tessera.tracker.topology.TrackerTopology;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Wires the tracker core into Quarkus: validates {@code tessera.tracker.*} (errors name the key),
 * creates Tessera's topics, checks that masks and objects are co-partitioned ({@link
 * StreamsStage#startStreams}), and runs {@link
 * TrackerTopology} in a Kafka Streams client configured by the core's {@link
 * TrackerTopology#streamsConfig} from {@code tessera.kafka.*}.
 */
@ApplicationScoped
public class TrackerService extends StreamsStage {

  private static final Logger LOG = Logger.getLogger(TrackerService.class);

  private final TrackerConfig config;
  private final TrackerMetrics metrics;
  private volatile TrackerSettings settings;

  public TrackerService(TrackerConfig config, TesseraKafka kafka, TrackerMetrics metrics) {
    super(kafka);
    this.config = config;
    this.metrics = metrics;
  }

  void start(@Observes StartupEvent event) {
    EnvironmentCheck.enforce(System.getenv(), "tracker", TrackerConfig.class);
    settings = TrackerConfigs.settings(config, kafka.settings().limits());
    LOG.infof("Tracking with overlap >= %.2f, gaps of up to %d frames, divisions at %.0f%% overlap; summaries after"
        + " %s quiet", settings.linking().minIou(), settings.linking().maxGap(),
        100 * settings.linking().divisionOverlap(), settings.summaryAfter());
    startStreams(TrackerTopology.build(kafka.topics(), settings, metrics),
        TrackerTopology.streamsConfig(kafka.settings(), kafka.topics(), config.applicationId()));
  }

  public Optional<TrackerSettings> settings() {
    return Optional.ofNullable(settings);
  }
}
