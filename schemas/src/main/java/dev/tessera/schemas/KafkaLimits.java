package dev.tessera.schemas;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Record-size limits for large pixel records. A 4096x4096 UINT16 frame is 32 MiB and its mask
 * (class labels, foreground probability, 16-bit instances) 64 MiB, far over Kafka's 1 MiB
 * default; topics and clients are raised together so a record the producer accepts is one the
 * broker stores and the consumer can fetch.
 *
 * @param maxRecordBytes the largest serialized record value, in bytes
 * @param compression producer compression ({@code none}, {@code zstd}, {@code lz4}, ...)
 */
public record KafkaLimits(int maxRecordBytes, String compression) {

  /** 72 MiB: a 4096x4096 UINT16 frame (32 MiB) or its mask (64 MiB), plus headers. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 72 * 1024 * 1024;

  /**
   * Off by default: measured here, zstd costs about one core-second per 150 MB and shrinks
   * 16-bit frames only to 0.6-0.9 of their size (DESIGN.md section 2).
   */
  public static final String DEFAULT_COMPRESSION = "none";

  private static final int BATCH_HEADER_ROOM = 64 * 1024;

  /** The largest record size whose topic limit (record plus batch header room) still fits an int. */
  private static final int MAX_MAX_RECORD_BYTES = Integer.MAX_VALUE - BATCH_HEADER_ROOM;

  /** In a fixed order, so the error message is the same on every run. */
  private static final java.util.List<String> COMPRESSIONS = java.util.List.of("none", "gzip", "snappy", "lz4", "zstd");

  public KafkaLimits {
    if (maxRecordBytes < 1024 * 1024) {
      throw new IllegalArgumentException(
          "max-record-bytes=" + maxRecordBytes + " is too small: use at least 1048576 (1 MiB)");
    }
    if (maxRecordBytes > MAX_MAX_RECORD_BYTES) {
      // topicMaxMessageBytes() adds the batch header room; beyond this it would overflow an int.
      throw new IllegalArgumentException(
          "max-record-bytes=" + maxRecordBytes + " is too large: use at most " + MAX_MAX_RECORD_BYTES);
    }
    // List.of(...).contains(null) throws NullPointerException: check null first.
    if (compression == null || !COMPRESSIONS.contains(compression)) {
      throw new IllegalArgumentException(
          "compression=" + compression + " is not one of " + String.join(", ", COMPRESSIONS));
    }
  }

  public static KafkaLimits defaults() {
    return new KafkaLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_COMPRESSION);
  }

  /** Producer settings: request size, buffer memory (it must hold two records) and compression. */
  public Map<String, Object> producerProperties() {
    return Map.of(
        // A request carries the record plus batch and record headers: allow the topic's limit.
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, topicMaxMessageBytes(),
        ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * maxRecordBytes,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
  }

  /** Consumer settings: a fetch may return one whole record of the largest size. */
  public Map<String, Object> consumerProperties() {
    return Map.of(
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxRecordBytes,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes);
  }

  /** Topic-level {@code max.message.bytes}, with room for the batch header. */
  public int topicMaxMessageBytes() {
    return maxRecordBytes + BATCH_HEADER_ROOM;
  }

  /** Broker settings for an embedded broker that must accept these records. */
  public Map<String, String> brokerProperties() {
    return Map.of(
        "message.max.bytes", Integer.toString(topicMaxMessageBytes()),
        "replica.fetch.max.bytes", Integer.toString(topicMaxMessageBytes()));
  }
}
