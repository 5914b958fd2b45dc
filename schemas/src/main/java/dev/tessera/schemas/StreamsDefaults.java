package dev.tessera.schemas;

import java.util.LinkedHashMap;
import java.util.Map;
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

  private StreamsDefaults() {}

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
