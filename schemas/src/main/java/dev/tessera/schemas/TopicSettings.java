package dev.tessera.schemas;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Partitions, replication and retention of one topic.
 *
 * @param partitions partition count
 * @param replicationFactor replicas per partition; empty uses the broker's
 *     {@code default.replication.factor}
 * @param minInsyncReplicas replicas that must have a write before it is acknowledged
 *     ({@code min.insync.replicas}; with {@code acks=all} a write survives the loss of
 *     {@code minInsyncReplicas - 1} brokers); empty uses the broker's
 * @param retention how long records are kept
 */
public record TopicSettings(int partitions, Optional<Short> replicationFactor, Optional<Integer> minInsyncReplicas,
    Duration retention) {

  /** Production replication: three replicas, two in sync for every write. */
  public static final short PRODUCTION_REPLICATION_FACTOR = 3;

  /** See {@link #PRODUCTION_REPLICATION_FACTOR}. */
  public static final int PRODUCTION_MIN_INSYNC_REPLICAS = 2;

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    replicationFactor.ifPresent(rf -> {
      if (rf < 1) {
        throw new IllegalArgumentException("replication-factor=" + rf + " must be at least 1");
      }
    });
    minInsyncReplicas.ifPresent(min -> {
      if (min < 1 || replicationFactor.map(rf -> min > rf).orElse(false)) {
        throw new IllegalArgumentException("min-insync-replicas=" + min + " must be between 1 and the replication"
            + " factor " + replicationFactor.map(String::valueOf).orElse("(broker default)"));
      }
    });
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
  }

  /**
   * Defaults: frames 3 partitions kept 7 days; tiles 6 partitions (one frame's tiles spread over
   * every inference worker) and tile masks 3, both kept 1 day (they are intermediate); masks and
   * objects 3, kept 7 days; tracks 3, kept 7 days, and track summaries 3, kept 30 days (masks,
   * objects and tracks share their partition count: the tracker reads an acquisition's masks and
   * objects on one task); dead letters 1, kept 30 days so an operator has time to look.
   */
  public static Map<String, TopicSettings> defaults(Topics topics) {
    return defaults(topics, Optional.empty(), Optional.empty());
  }

  /**
   * {@link #defaults(Topics)} with a replication factor and {@code min.insync.replicas} for every
   * topic (empty: the broker's defaults).
   *
   * @throws IllegalArgumentException naming the setting when the two do not fit together
   */
  public static Map<String, TopicSettings> defaults(Topics topics, Optional<Short> replicationFactor,
      Optional<Integer> minInsyncReplicas) {
    Map<String, TopicSettings> settings = new LinkedHashMap<>();
    settings.put(topics.frames().name(), new TopicSettings(3, replicationFactor, minInsyncReplicas, Duration.ofDays(7)));
    settings.put(topics.tiles().name(), new TopicSettings(6, replicationFactor, minInsyncReplicas, Duration.ofDays(1)));
    settings.put(topics.tileMasks().name(),
        new TopicSettings(3, replicationFactor, minInsyncReplicas, Duration.ofDays(1)));
    settings.put(topics.masks().name(), new TopicSettings(3, replicationFactor, minInsyncReplicas, Duration.ofDays(7)));
    settings.put(topics.objects().name(), new TopicSettings(3, replicationFactor, minInsyncReplicas, Duration.ofDays(7)));
    settings.put(topics.tracks().name(), new TopicSettings(3, replicationFactor, minInsyncReplicas, Duration.ofDays(7)));
    settings.put(topics.trackSummaries().name(),
        new TopicSettings(3, replicationFactor, minInsyncReplicas, Duration.ofDays(30)));
    settings.put(topics.deadLetters().name(),
        new TopicSettings(1, replicationFactor, minInsyncReplicas, Duration.ofDays(30)));
    return settings;
  }

  /** The topic to create, with the record-size limit of {@code limits}. */
  public NewTopic newTopic(String name, KafkaLimits limits) {
    NewTopic topic = new NewTopic(name, Optional.of(partitions), replicationFactor);
    return topic.configs(topicConfigs(limits));
  }

  /** Topic-level configs Tessera sets. */
  public Map<String, String> topicConfigs(KafkaLimits limits) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(limits.topicMaxMessageBytes()));
    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    // Keep whatever the producer sent: compression is a client choice (KafkaLimits).
    configs.put(TopicConfig.COMPRESSION_TYPE_CONFIG, "producer");
    minInsyncReplicas.ifPresent(min -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(min)));
    return configs;
  }
}
