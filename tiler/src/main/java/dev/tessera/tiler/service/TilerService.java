package dev.tessera.tiler.service;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.tiler.tiling.TilerSettings;
import dev.tessera.tiler.topology.TilerTopology;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/**
 * Wires the tiler core into Quarkus: validated settings, the topology the Kafka Streams extension
 * runs, and the idempotent creation of Tessera's topics before the stream starts.
 */
@ApplicationScoped
public class TilerService {

  private static final Logger LOG = Logger.getLogger(TilerService.class);

  @Produces
  @Singleton
  TilerSettings settings(TilerConfig config) {
    TilerSettings settings = TilerConfigs.settings(config);
    LOG.infof("Tiling for a depth-%d U-Net (margin %d, inputs up to %d) from %s, normalization %s",
        settings.geometry().depth(), settings.geometry().margin(), settings.largestInputSize(), settings.source(),
        settings.normalization().format());
    return settings;
  }

  @Produces
  @Singleton
  Topics topics(TopicsConfig config) {
    return TilerConfigs.topics(config);
  }

  @Produces
  @Singleton
  KafkaLimits limits(KafkaConfig config) {
    return new KafkaLimits(config.maxRecordBytes(), config.compression());
  }

  @Produces
  @Singleton
  Topology topology(Topics topics, TilerSettings settings, TilerMetrics metrics) {
    return TilerTopology.topology(topics, settings, metrics, Clock.systemUTC());
  }

  /**
   * Validates the configuration and creates missing topics before the Kafka Streams extension
   * starts the stream (it waits for {@code quarkus.kafka-streams.topics} to exist). The settings
   * are injected so that a bad value stops the start here, with its key named, before any
   * connection to Kafka; so do Kafka Streams settings that are not the core's
   * ({@link TilerConfigs#checkStreams}).
   */
  void onStart(@Observes @Priority(1) StartupEvent event, TopicsConfig config, TilerSettings settings, Topics topics,
      KafkaLimits limits, StreamsConfig streams) {
    TilerConfigs.checkStreams(streams.originals(), limits);
    if (!config.create()) {
      LOG.info("tessera.topics.create=false: expecting Tessera's topics to exist");
      return;
    }
    try (Admin admin = Admin.create(streams.getAdminConfigs("tessera-tiler-topics"))) {
      List<String> created = TopicAdmin.ensureTopics(admin, TopicSettings.defaults(topics), limits);
      LOG.infof("Topics under prefix '%s' ready (created %s)", topics.prefix(), created);
    }
  }
}
