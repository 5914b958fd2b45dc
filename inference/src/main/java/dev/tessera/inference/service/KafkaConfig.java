package dev.tessera.inference.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Kafka settings shared by Tessera's services ({@code tessera.kafka.*}, or environment variables
 * such as {@code TESSERA_KAFKA_BOOTSTRAP_SERVERS}), validated in {@link InferenceSettings}.
 */
@ConfigMapping(prefix = "tessera.kafka")
public interface KafkaConfig {
  /** {@code tessera.kafka.bootstrap-servers}. */
  @WithDefault("localhost:9092")
  String bootstrapServers();

  /** {@code tessera.kafka.topic-prefix}: topics are {prefix}tiles, {prefix}tile-masks, ... */
  @WithDefault("tessera.")
  String topicPrefix();

  /** {@code tessera.kafka.max-record-bytes}: the largest record (72 MiB: a 4096x4096 UINT16 frame's mask). */
  @WithDefault("75497472")
  int maxRecordBytes();

  /** {@code tessera.kafka.compression}: none, gzip, snappy, lz4 or zstd. */
  @WithDefault("none")
  String compression();

  /** {@code tessera.kafka.create-topics}: create missing topics at start-up (idempotent). */
  @WithDefault("true")
  boolean createTopics();
}
