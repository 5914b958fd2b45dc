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
  /** The most one consumer fetch brings (a larger first record still comes whole). */
  public static final int FETCH_MAX_BYTES = 16 * 1024 * 1024;
  /** The most one consumer fetch brings per partition (a larger first record still comes whole). */
  public static final int PARTITION_FETCH_MAX_BYTES = 4 * 1024 * 1024;

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

  /**
   * Consumer settings: how much one fetch brings, at most {@link #FETCH_MAX_BYTES} and
   * {@link #PARTITION_FETCH_MAX_BYTES} per partition. They bound memory, not record size: a record
   * larger than both still comes back whole, as the first batch of a fetch always does (KIP-74).
   * With fetches as large as the largest record (72 MiB), every consumer of a backlog held up to
   * that much of it on the heap: a {@code tessera bench} of 2048x2048 frames ran an inference
   * worker out of a 1 GiB heap.
   */
  public Map<String, Object> consumerProperties() {
    return Map.of(
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.min(FETCH_MAX_BYTES, maxRecordBytes),
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.min(PARTITION_FETCH_MAX_BYTES, maxRecordBytes));
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
