package dev.tessera.stitcher.service;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.topology.StitcherSettings;
import dev.tessera.stitcher.topology.StitcherTopology;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/**
 * Wires the stitcher core into Quarkus: validated settings, the topology the Kafka Streams
 * extension runs (input {@code tile-masks}, outputs {@code masks}, {@code objects} and
 * {@code dead-letters}, see {@link StitcherTopology}), and the idempotent creation of Tessera's
 * topics before the stream starts. A configuration error stops start-up with a message naming
 * the key.
 */
@ApplicationScoped
public class StitcherService {

  private static final Logger LOG = Logger.getLogger(StitcherService.class);

  @Produces
  @Singleton
  StitcherSettings settings(StitcherConfig config, KafkaConfig kafka) {
    StitcherSettings settings = StitcherConfigs.settings(config, kafka);
    LOG.infof("Stitching with a %s frame timeout, at most %d open frames per task, %s, foreground class %d,"
        + " %d-connected cells%s", settings.frameTimeout(), settings.maxOpenFrames(),
        settings.inOrder() ? "in frame order (grace " + settings.orderGrace() + ")" : "in completion order",
        settings.foregroundClass(), settings.connectivity().neighbours(),
        settings.instances().watershed() ? " split by watershed (h " + settings.instances().watershedH() + " px)" : "");
    return settings;
  }

  @Produces
  @Singleton
  Topics topics(TopicsConfig config) {
    return StitcherConfigs.topics(config);
  }

  @Produces
  @Singleton
  Topology topology(Topics topics, StitcherSettings settings, StitcherMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    StitcherTopology.build(builder, topics, settings, metrics);
    return builder.build();
  }

  /**
   * Validates the configuration and creates missing topics before the Kafka Streams extension
   * starts the stream (it waits for {@code quarkus.kafka-streams.topics} to exist).
   */
  void onStart(@Observes @Priority(1) StartupEvent event, TopicsConfig config, StitcherSettings settings,
      Topics topics, StreamsConfig streams) {
    if (!config.create()) {
      LOG.info("tessera.topics.create=false: expecting Tessera's topics to exist");
      return;
    }
    KafkaLimits limits = settings.limits();
    try (Admin admin = Admin.create(streams.getAdminConfigs("tessera-stitcher-topics"))) {
      List<String> created = TopicAdmin.ensureTopics(admin, TopicSettings.defaults(topics), limits);
      LOG.infof("Topics under prefix '%s' ready (created %s)", topics.prefix(), created);
    }
  }
}
