package dev.tessera.service;

import dev.tessera.schemas.KafkaLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * {@code tessera.kafka.*}, the same in every service (environment: {@code
 * TESSERA_KAFKA_BOOTSTRAP_SERVERS}, ...). Turned into {@link dev.tessera.schemas.KafkaSettings} by
 * {@link TesseraKafka}.
 */
@ConfigMapping(prefix = "tessera.kafka")
public interface KafkaConfig {

  /** {@code tessera.kafka.bootstrap-servers}: {@code host:port[,host:port...]}. */
  @WithDefault("localhost:9092")
  String bootstrapServers();

  /** {@code tessera.kafka.max-record-bytes}: the largest record, for topics and clients together. */
  @WithDefault("" + KafkaLimits.DEFAULT_MAX_RECORD_BYTES)
  int maxRecordBytes();

  /** {@code tessera.kafka.compression}: none, gzip, snappy, lz4 or zstd. */
  @WithDefault(KafkaLimits.DEFAULT_COMPRESSION)
  String compression();

  /**
   * {@code tessera.kafka.client."<kafka property>"}: any Kafka client property, applied to every
   * producer, consumer, admin client and Streams app of the service, e.g. {@code
   * tessera.kafka.client."security.protocol"=SASL_SSL}.
   */
  Map<String, String> client();

  /**
   * {@code tessera.kafka.streams."<kafka streams property>"}: Kafka Streams settings of the Streams
   * services only (tiler, stitcher), e.g. {@code tessera.kafka.streams."state.dir"=/data/streams}.
   */
  Map<String, String> streams();
}
