package dev.tessera.service;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.jboss.logging.Logger;

/**
 * The service's Kafka settings and topic registry, validated once from {@code tessera.kafka.*} and
 * {@code tessera.topics.*}; every error names the key. Each service injects this and hands the
 * typed values to its core; {@link #ensureTopics()} is the one topic set-up.
 */
@Singleton
public class TesseraKafka {

  private static final Logger LOG = Logger.getLogger(TesseraKafka.class);

  private final KafkaSettings settings;
  private final Topics topics;
  private final boolean createTopics;
  private final java.util.Map<String, TopicSettings> topicSettings;
  private final Map<String, String> streams;

  public TesseraKafka(KafkaConfig kafka, TopicsConfig topicsConfig) {
    KafkaLimits limits = ConfigErrors.withPrefix("tessera.kafka.",
        () -> new KafkaLimits(kafka.maxRecordBytes(), kafka.compression()));
    this.settings = ConfigErrors.withPrefix("tessera.kafka.bootstrap-servers / tessera.kafka.client: ",
        () -> new KafkaSettings(kafka.bootstrapServers(), limits, kafka.client()));
    this.topics = ConfigErrors.forKey("tessera.topics.prefix", topicsConfig.prefix(),
        () -> Topics.withPrefix(topicsConfig.prefix()));
    this.createTopics = topicsConfig.create();
    this.topicSettings = ConfigErrors.withPrefix("tessera.topics.", () -> TopicSettings.defaults(topics,
        java.util.Optional.of(topicsConfig.replicationFactor()),
        java.util.Optional.of(topicsConfig.minInsyncReplicas())));
    this.streams = Map.copyOf(kafka.streams());
  }

  public KafkaSettings settings() {
    return settings;
  }

  public Topics topics() {
    return topics;
  }

  /**
   * A Streams service's properties: the core's ({@code core}), then {@code tessera.kafka.streams.*}
   * on top.
   */
  public Properties streamsProperties(Properties core) {
    Properties p = new Properties();
    p.putAll(core);
    p.putAll(streams);
    return p;
  }

  /**
   * Creates Tessera's missing topics (idempotent) unless {@code tessera.topics.create=false}.
   *
   * @throws IllegalStateException naming the broker when it cannot be reached in time
   */
  /**
   * Checks that the topics each sub-topology of {@code topology} reads together (the tracker's
   * masks and objects) have one partition count.
   *
   * @throws IllegalStateException naming the topics and their counts when they differ
   */
  public void requireCopartitioned(Topology topology) {
    for (var sub : topology.describe().subtopologies()) {
      List<String> inputs = sub.nodes().stream()
          .filter(n -> n instanceof TopologyDescription.Source)
          .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
          .sorted().toList();
      if (inputs.size() > 1) {
        TopicAdmin.requireCopartitioned(settings, inputs);
      }
    }
  }

  public void ensureTopics() {
    if (!createTopics) {
      LOG.info("tessera.topics.create=false: expecting Tessera's topics to exist");
      return;
    }
    List<String> created;
    try {
      created = TopicAdmin.ensureTopics(settings, topicSettings);
    } catch (IllegalStateException e) {
      LOG.errorf("Kafka at tessera.kafka.bootstrap-servers=%s (%s) cannot be used: %s", settings.bootstrapServers(),
          settings.securityProtocol(), e.getMessage());
      throw new IllegalStateException("tessera.kafka.bootstrap-servers=" + settings.bootstrapServers() + " ("
          + settings.securityProtocol() + "): " + e.getMessage(), e);
    }
    LOG.infof("Topics under prefix '%s' on %s ready (created %s)", topics.prefix(), settings.bootstrapServers(),
        created);
  }
}
