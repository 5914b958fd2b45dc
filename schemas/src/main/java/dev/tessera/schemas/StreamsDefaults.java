package dev.tessera.schemas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings every Tessera stream stage shares. */
public final class StreamsDefaults {

  /**
   * How often a stage commits its transaction. Kafka Streams' 100 ms default under exactly-once
   * holds every record up to 100 ms before a {@code read_committed} reader sees it, and a frame
   * passes three such commits (tiler, stitcher, its ordering stage): in {@code tessera bench} at
   * 0.8x the bare rate, 512x512 frames on 2 cores, the p99 latency fell from 1200 to 639 ms with
   * 10 ms. Tessera's records are few and large (frames, tiles, masks), so a commit per record or
   * two costs little; a stage with nothing processed since its last commit does not commit.
   */
  public static final long COMMIT_INTERVAL_MS = 10;

  /**
   * The longest a stream thread blocks in a poll. With Kafka Streams' 100 ms default, records a
   * stage wrote to its own internal topic (the stitcher's ordering topic) reached the next
   * sub-topology about 100 ms later: in {@code tessera bench} at 0.8x the bare rate, 512x512 frames,
   * the median from stitched to read fell from 146 to 42 ms with 5 ms. An idle thread wakes this
   * often and finds nothing: a poll's cost, no work.
   */
  public static final long POLL_MS = 10;

  /**
   * The producers' transaction timeout of the stateful stages (stitcher, tracker): one minute.
   * Kafka Streams' 10 s default under exactly-once is short for a transaction that stitches a
   * 2048x2048 frame and writes its 16 MiB mask on a loaded machine: an aborted transaction is
   * retried, aborted again, and the task never moves on.
   */
  public static final int STATEFUL_TRANSACTION_TIMEOUT_MS = 60_000;

  private StreamsDefaults() {}

  /**
   * A stage's whole Kafka Streams configuration: the cluster's client settings, the application
   * id, the stage's own {@code settings}, and the dead-letter handlers of {@link StreamsDeadLetters}
   * under {@code stage}, so an exception escaping a processor, or an output that cannot be written,
   * is a dead letter and the stream goes on instead of the client shutting down on it.
   */
  public static Properties forStage(KafkaSettings kafka, Topics topics, String applicationId, String stage,
      Map<?, ?> settings) {
    Properties props = new Properties();
    props.putAll(kafka.common());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.putAll(settings);
    props.putAll(StreamsDeadLetters.properties(stage, topics));
    return props;
  }

  /**
   * {@link #exactlyOnce} for a stage with state: the {@link #STATEFUL_TRANSACTION_TIMEOUT_MS}
   * transaction timeout, and the record-size limit on its internal topics (changelogs that hold
   * whole masks, repartition topics).
   */
  public static Map<String, Object> statefulExactlyOnce(KafkaLimits limits) {
    Map<String, Object> props = exactlyOnce(limits);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), STATEFUL_TRANSACTION_TIMEOUT_MS);
    props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), limits.topicMaxMessageBytes());
    return props;
  }

  /**
   * {@code exactly_once_v2}, {@link #COMMIT_INTERVAL_MS}, {@link #POLL_MS}, and the record-size limits of
   * {@code limits} on the producer and the consumers, each with the prefix Kafka Streams needs to
   * pass it to that client.
   */
  public static Map<String, Object> exactlyOnce(KafkaLimits limits) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    props.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
    limits.producerProperties().forEach((k, v) -> props.put(StreamsConfig.producerPrefix(k), v));
    limits.consumerProperties().forEach((k, v) -> props.put(StreamsConfig.consumerPrefix(k), v));
    return props;
  }
}
