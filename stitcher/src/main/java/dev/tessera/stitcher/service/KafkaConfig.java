package dev.tessera.stitcher.service;

import dev.tessera.schemas.KafkaLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tessera.kafka.*}: record-size limits shared by topics and clients. */
@ConfigMapping(prefix = "tessera.kafka")
public interface KafkaConfig {

  /** The largest record value in bytes (72 MiB: a 4096x4096 mask). */
  @WithDefault("" + KafkaLimits.DEFAULT_MAX_RECORD_BYTES)
  int maxRecordBytes();

  /** Producer compression: none, gzip, snappy, lz4 or zstd. */
  @WithDefault(KafkaLimits.DEFAULT_COMPRESSION)
  String compression();
}
