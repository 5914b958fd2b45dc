package dev.tessera.tiler.service;

import dev.tessera.schemas.KafkaLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tessera.kafka.*}: the record-size limit shared by topics and clients, and compression. */
@ConfigMapping(prefix = "tessera.kafka")
public interface KafkaConfig {

  @WithDefault("" + KafkaLimits.DEFAULT_MAX_RECORD_BYTES)
  int maxRecordBytes();

  @WithDefault(KafkaLimits.DEFAULT_COMPRESSION)
  String compression();
}
