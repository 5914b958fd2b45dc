package dev.tessera.stitcher.topology;

import dev.tessera.records.DeadLetter;
import dev.tessera.records.Mask;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.StreamsDefaults;
import dev.tessera.schemas.Topic;
import dev.tessera.schemas.Topics;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The stitcher: tile masks in, one mask and one object table per frame out.
 *
 * <ul>
 *   <li>Input: {@code {prefix}tile-masks}, key {@code acq/frame}, value {@code TileMask} (read as
 *       bytes and decoded inside, so an undecodable record becomes a dead letter instead of
 *       stopping the stream).
 *   <li>Output: {@code {prefix}masks} ({@code Mask}) and {@code {prefix}objects}
 *       ({@code ObjectTable}), both keyed by acquisition id; {@code {prefix}dead-letters}
 *       ({@code DeadLetter}) keyed by the tile mask's key. A frame's records are encoded once,
 *       where it is stitched, and travel on as bytes (through the ordering stage too).
 *   <li>Guarantees: with {@link #streamsConfig} ({@code exactly_once_v2}) each frame's mask and
 *       object table are published exactly once, and never for an incomplete frame. With
 *       {@link StitcherSettings#inOrder()} (the default) both are published in frame order per
 *       acquisition, through an internal topic keyed by acquisition id ({@link OrderProcessor}).
 *   <li>State: the tiles of open frames, one store entry per tile ({@link FrameAssemblyProcessor}),
 *       bounded by {@link StitcherSettings#maxOpenFrames()} per task; finished frames held for
 *       order, bounded likewise.
 *   <li>Failures: every rejected tile or frame is one dead letter naming why, and the stream goes
 *       on: undecodable values, wrong keys, tiles contradicting their plan or their frame, frames
 *       mixing model versions, frames incomplete after {@link StitcherSettings#frameTimeout()}
 *       (naming the missing tile indices), frames with more than 65535 cells, and frames finishing
 *       after their successors were published in order.
 * </ul>
 */
public final class StitcherTopology {

  /** The default Kafka Streams application id (also the consumer group and transactional id prefix). */
  public static final String DEFAULT_APPLICATION_ID = "tessera-stitcher";

  /** Tile masks of open frames, one entry per (frame, tile index). */
  public static final String TILES_STORE = "stitcher-tiles";
  /** One small index entry per frame. */
  public static final String FRAMES_STORE = "stitcher-frames";
  /** Per acquisition, the next frame index the ordering stage may publish. */
  public static final String ORDER_ACQUISITIONS_STORE = "stitcher-order-acquisitions";
  /** Per frame, what the ordering stage knows of it. */
  public static final String ORDER_FRAMES_STORE = "stitcher-order-frames";
  /** Finished frames waiting for their predecessors. */
  public static final String ORDER_HELD_STORE = "stitcher-order-held";

  /** Name of the internal topic from the assembling to the ordering stage ({@code <app-id>-stitcher-order-repartition}). */
  public static final String ORDER_TOPIC_NAME = "stitcher-order";

  private StitcherTopology() {}

  /** Wires the stitcher into {@code builder}, with no metrics listener. */
  public static void build(StreamsBuilder builder, Topics topics, StitcherSettings settings) {
    build(builder, topics, settings, StitcherListener.NONE);
  }

  /**
   * Wires the stitcher into {@code builder}: no I/O, no configuration lookup.
   *
   * @param listener told about publications, timeouts, dead letters and open frames
   */
  public static void build(StreamsBuilder builder, Topics topics, StitcherSettings settings,
      StitcherListener listener) {
    build(builder, topics, settings, listener, topics.masks().valueSerde().serializer());
  }

  /**
   * Wires the stitcher with {@code maskEncoder} as the one place a {@code Mask} is encoded: the
   * masks topic's serializer, or in tests one that records what it encodes.
   */
  static void build(StreamsBuilder builder, Topics topics, StitcherSettings settings, StitcherListener listener,
      Serializer<Mask> maskEncoder) {
    Map<String, String> changelog = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
        Integer.toString(settings.limits().topicMaxMessageBytes()));
    builder.addStateStore(store(TILES_STORE, changelog));
    builder.addStateStore(store(FRAMES_STORE, changelog));
    KStream<String, StitcherOutput> assembled = builder
        .stream(topics.tileMasks().name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
            .withName("stitcher-tile-masks"))
        .process(() -> new FrameAssemblyProcessor(topics, settings, listener, maskEncoder),
            Named.as("stitcher-assemble"), TILES_STORE, FRAMES_STORE);
    sinkDeadLetters(assembled, topics, "stitcher-assemble");
    if (settings.inOrder()) {
      builder.addStateStore(store(ORDER_ACQUISITIONS_STORE, changelog));
      builder.addStateStore(store(ORDER_FRAMES_STORE, changelog));
      builder.addStateStore(store(ORDER_HELD_STORE, changelog));
      KStream<String, StitcherOutput> ordered = assembled
          .flatMapValues(out -> out instanceof StitcherOutput.Order o ? java.util.List.of(o.event())
              : java.util.List.<OrderEvent>of(), Named.as("stitcher-order-events"))
          .repartition(Repartitioned.with(Serdes.String(), new OrderEvent.WireSerde()).withName(ORDER_TOPIC_NAME))
          .process(() -> new OrderProcessor(topics, settings, listener), Named.as("stitcher-order"),
              ORDER_ACQUISITIONS_STORE, ORDER_FRAMES_STORE, ORDER_HELD_STORE);
      sinkDeadLetters(ordered, topics, "stitcher-order");
      sinkFrames(ordered, topics, "stitcher-order");
    } else {
      sinkFrames(assembled, topics, "stitcher-assemble");
    }
  }

  private static StoreBuilder<?> store(String name, Map<String, String> changelog) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(changelog);
  }

  private static void sinkDeadLetters(KStream<String, StitcherOutput> out, Topics topics, String stage) {
    Topic<String, DeadLetter> dlq = topics.deadLetters();
    select(out, o -> o instanceof StitcherOutput.Dead d ? d.letter() : null, stage + "-dead-letters")
        .to(dlq.name(), Produced.with(dlq.keySerde(), dlq.valueSerde()).withName(stage + "-to-dead-letters"));
  }

  /** The values arrive encoded by the assembling stage: these sinks write the bytes as they are. */
  private static void sinkFrames(KStream<String, StitcherOutput> out, Topics topics, String stage) {
    select(out, o -> o instanceof StitcherOutput.Publish p ? p.mask() : null, stage + "-masks")
        .to(topics.masks().name(), Produced.with(topics.masks().keySerde(), Serdes.ByteArray())
            .withName(stage + "-to-masks"));
    select(out, o -> o instanceof StitcherOutput.Publish p ? p.objects() : null, stage + "-objects")
        .to(topics.objects().name(), Produced.with(topics.objects().keySerde(), Serdes.ByteArray())
            .withName(stage + "-to-objects"));
  }

  /** The outputs {@code pick} maps to a value, the others dropped. */
  private static <V> KStream<String, V> select(KStream<String, StitcherOutput> out, Function<StitcherOutput, V> pick,
      String name) {
    return out.flatMapValues(o -> {
      V v = pick.apply(o);
      return v == null ? java.util.List.<V>of() : java.util.List.of(v);
    }, Named.as(name));
  }

  /**
   * Kafka Streams settings for the stitcher: {@link StreamsDefaults#statefulExactlyOnce} (a
   * one-minute transaction timeout; record-size limits raised on the producer, as a 4096x4096 mask
   * is 64 MiB, the consumers and the internal topics, as changelogs and the ordering topic carry
   * tile masks and finished masks) and the dead-letter handlers.
   */
  public static Properties streamsConfig(KafkaSettings kafka, Topics topics, String applicationId) {
    return StreamsDefaults.forStage(kafka, topics, applicationId, "stitcher",
        StreamsDefaults.statefulExactlyOnce(kafka.limits()));
  }
}
