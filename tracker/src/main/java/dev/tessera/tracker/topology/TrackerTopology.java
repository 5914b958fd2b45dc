package dev.tessera.tracker.topology;

import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.StreamsDefaults;
import dev.tessera.schemas.Topic;
import dev.tessera.schemas.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The tracker: masks and object tables in, one {@code Track} record per frame and a {@code
 * TrackSummary} per quiet acquisition out.
 *
 * <ul>
 *   <li>Input: {@code {prefix}masks} and {@code {prefix}objects}, both keyed by acquisition id
 *       (they must have the same partition count, as Tessera creates them, so a frame's two halves
 *       meet on one task), read as bytes and decoded inside so an undecodable record becomes a dead
 *       letter instead of stopping the stream.
 *   <li>Output: {@code {prefix}tracks} ({@code Track}) and {@code {prefix}track-summaries}
 *       ({@code TrackSummary}), keyed by acquisition id; {@code {prefix}dead-letters}.
 *   <li>Guarantees: with {@link #streamsConfig} ({@code exactly_once_v2}) each frame's tracks are
 *       published exactly once, in frame order per acquisition, and the tracking state (the live
 *       tracks and their last masks) is changelogged, so a restarted tracker goes on where it was.
 *   <li>Failures: see {@link TrackerProcessor}; each rejection is one dead letter naming why.
 * </ul>
 */
public final class TrackerTopology {

  /** The default Kafka Streams application id (also the consumer group and transactional id prefix). */
  public static final String DEFAULT_APPLICATION_ID = "tessera-tracker";
  /** Masks and object tables waiting for their other half. */
  public static final String PENDING_STORE = "tracker-pending";
  /** Per acquisition: counts, the last frame, and the linker's state. */
  public static final String ACQUISITIONS_STORE = "tracker-acquisitions";
  /** Per (acquisition, track id): the track's span, for the summary. */
  public static final String TRACKS_STORE = "tracker-tracks";

  static final String SOURCE = "tracker-masks-and-objects";
  static final String PROCESSOR = "tracker-link";
  static final String TRACKS_SINK = "tracker-to-tracks";
  static final String SUMMARIES_SINK = "tracker-to-track-summaries";
  static final String DEAD_LETTERS_SINK = "tracker-to-dead-letters";

  private TrackerTopology() {}

  /** The tracker's topology, with no metrics listener. */
  public static Topology build(Topics topics, TrackerSettings settings) {
    return build(topics, settings, TrackerListener.NONE);
  }

  /**
   * The tracker's topology: no I/O, no configuration lookup.
   *
   * @param listener told about tracked frames, summaries, dead letters and acquisitions in state
   */
  public static Topology build(Topics topics, TrackerSettings settings, TrackerListener listener) {
    Map<String, String> changelog = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
        Integer.toString(settings.limits().topicMaxMessageBytes()));
    Topology topology = new Topology();
    topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        topics.masks().name(), topics.objects().name());
    topology.addProcessor(PROCESSOR, () -> new TrackerProcessor(topics, settings, listener), SOURCE);
    // In memory, changelogged (restored on restart): the state is small, a few frames' halves waiting
    // for their pair, each acquisition's live tracks and 20 bytes per track, and rewritten every
    // frame; RocksDB flushed a whole mask to disk at every commit (TrackerBenchmark, 512x512 frames:
    // 150 ms per frame with RocksDB stores, 57 with the halves and live tracks in memory).
    for (String name : new String[] {PENDING_STORE, ACQUISITIONS_STORE, TRACKS_STORE}) {
      topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(),
          Serdes.ByteArray()).withLoggingEnabled(changelog), PROCESSOR);
    }
    sink(topology, TRACKS_SINK, topics.tracks());
    sink(topology, SUMMARIES_SINK, topics.trackSummaries());
    sink(topology, DEAD_LETTERS_SINK, topics.deadLetters());
    return topology;
  }

  private static <V> void sink(Topology topology, String name, Topic<String, V> topic) {
    Serializer<V> values = topic.valueSerde().serializer();
    topology.addSink(name, topic.name(), topic.keySerde().serializer(), values, PROCESSOR);
  }


  /**
   * Kafka Streams settings for the tracker: {@link StreamsDefaults#statefulExactlyOnce} (a
   * one-minute transaction timeout; record-size limits on the producer, the consumers and the
   * changelogs, as a pending mask is stored whole) and the dead-letter handlers.
   */
  public static Properties streamsConfig(KafkaSettings kafka, Topics topics, String applicationId) {
    return StreamsDefaults.forStage(kafka, topics, applicationId, "tracker",
        StreamsDefaults.statefulExactlyOnce(kafka.limits()));
  }
}
