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
 * @param retention how long records are kept
 */
public record TopicSettings(int partitions, Optional<Short> replicationFactor, Duration retention) {

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    replicationFactor.ifPresent(rf -> {
      if (rf < 1) {
        throw new IllegalArgumentException("replication factor must be at least 1, was " + rf);
      }
    });
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
  }

  /**
   * Defaults: frames 3 partitions kept 7 days; tiles 6 partitions (one frame's tiles spread over
   * every inference worker) and tile masks 3, both kept 1 day (they are intermediate); masks and
   * objects 3, kept 7 days; dead letters 1, kept 30 days so an operator has time to look.
   */
  public static Map<String, TopicSettings> defaults(Topics topics) {
    Map<String, TopicSettings> settings = new LinkedHashMap<>();
    settings.put(topics.frames().name(), of(3, Duration.ofDays(7)));
    settings.put(topics.tiles().name(), of(6, Duration.ofDays(1)));
    settings.put(topics.tileMasks().name(), of(3, Duration.ofDays(1)));
    settings.put(topics.masks().name(), of(3, Duration.ofDays(7)));
    settings.put(topics.objects().name(), of(3, Duration.ofDays(7)));
    settings.put(topics.deadLetters().name(), of(1, Duration.ofDays(30)));
    return settings;
  }

  private static TopicSettings of(int partitions, Duration retention) {
    return new TopicSettings(partitions, Optional.empty(), retention);
  }

  /** The topic to create, with the record-size limit of {@code limits}. */
  public NewTopic newTopic(String name, KafkaLimits limits) {
    NewTopic topic = new NewTopic(name, Optional.of(partitions), replicationFactor);
    return topic.configs(topicConfigs(limits));
  }

  /** Topic-level configs Tessera sets. */
  public Map<String, String> topicConfigs(KafkaLimits limits) {
    return Map.of(
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(limits.topicMaxMessageBytes()),
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
        // Keep whatever the producer sent: compression is a client choice (KafkaLimits).
        TopicConfig.COMPRESSION_TYPE_CONFIG, "producer");
  }
}
