package dev.tessera.stitcher.topology;

import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.stitcher.TileMaskFixtures;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.TileMaskFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The stitcher topology in a {@link TopologyTestDriver}, with its topics and a mocked wall clock. */
final class StitcherDriver implements AutoCloseable {

  static final Topics TOPICS = Topics.defaults();
  static final Instant START = Instant.parse("2026-11-21T12:00:00Z");
  static final String APP_ID = "stitcher-test";

  final TopologyTestDriver driver;
  private final TestInputTopic<String, byte[]> tileMasks;
  private final TestOutputTopic<String, Mask> masks;
  private final TestOutputTopic<String, ObjectTable> objects;
  private final TestOutputTopic<String, DeadLetter> deadLetters;
  private long offset;
  private final java.util.concurrent.atomic.AtomicInteger evictions = new java.util.concurrent.atomic.AtomicInteger();
  private Duration elapsed = Duration.ZERO;

  /** The acquisition whose single-tile frames move stream time on in {@link #advance(Duration)}. */
  static final String CLOCK_ACQUISITION = "stream-clock";
  private static final UNetGeometry D1 = new UNetGeometry(1);
  private static final TilePlan CLOCK_PLAN = TilePlan.of(D1, 3, 2, 20);
  private long clockFrames;

  StitcherDriver(StitcherSettings settings, Path stateDir) {
    this(settings, stateDir, TOPICS.masks().valueSerde().serializer());
  }

  /** The topology with {@code maskEncoder} as its one encoder of masks. */
  StitcherDriver(StitcherSettings settings, Path stateDir, Serializer<Mask> maskEncoder) {
    StreamsBuilder builder = new StreamsBuilder();
    StitcherTopology.build(builder, TOPICS, settings, new StitcherListener() {
      @Override
      public void frameEvicted() {
        evictions.incrementAndGet();
      }
    }, maskEncoder);
    Properties props = StitcherTopology.streamsConfig(KafkaSettings.plaintext("localhost:9"), TOPICS, APP_ID);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(builder.build(), props, START);
    tileMasks = driver.createInputTopic(TOPICS.tileMasks().name(), new StringSerializer(), new ByteArraySerializer());
    masks = driver.createOutputTopic(TOPICS.masks().name(), new StringDeserializer(),
        TOPICS.masks().valueSerde().deserializer());
    objects = driver.createOutputTopic(TOPICS.objects().name(), new StringDeserializer(),
        TOPICS.objects().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), new StringDeserializer(),
        TOPICS.deadLetters().valueSerde().deserializer());
  }

  /** Pipes a tile mask under its frame key; returns its offset in the input topic. */
  long pipe(TileMask tile) {
    return pipe(TileMaskFixtures.key(tile), TileMaskFixtures.encode(tile));
  }

  long pipe(List<TileMask> tiles) {
    long last = -1;
    for (TileMask t : tiles) {
      last = pipe(t);
    }
    return last;
  }

  /** Pipes a record stamped with the driver's clock, as the worker stamps a tile mask with its frame's time. */
  long pipe(String key, byte[] value) {
    return pipe(key, value, now());
  }

  /** Pipes tile masks stamped {@code at}: a backlog read late keeps its frames' times. */
  long pipe(List<TileMask> tiles, Instant at) {
    long last = -1;
    for (TileMask t : tiles) {
      last = pipe(TileMaskFixtures.key(t), TileMaskFixtures.encode(t), at);
    }
    return last;
  }

  private long pipe(String key, byte[] value, Instant at) {
    tileMasks.pipeInput(key, value, at);
    return offset++;
  }

  /**
   * Moves both clocks on by {@code d}: the mocked wall clock (order grace) and stream time, which
   * moves only when a record arrives (frame timeouts): a complete single-tile frame of {@link
   * #CLOCK_ACQUISITION} is piped at the new time. The clock's frames are left out of {@link
   * #masks()}, {@link #objects()} and {@link #entries(String)}.
   */
  void advance(Duration d) {
    elapsed = elapsed.plus(d);
    driver.advanceWallClockTime(d);
    TileMask tick = TileMaskFixtures.tiles(CLOCK_ACQUISITION, clockFrames++, D1, CLOCK_PLAN, 2,
        (c, x, y) -> c == 1 ? 255 : 0).get(0);
    pipe(tick);
  }

  /** Moves only the wall clock (order grace), not stream time. */
  void advanceWallClock(Duration d) {
    elapsed = elapsed.plus(d);
    driver.advanceWallClockTime(d);
  }

  /** The mocked wall clock. */
  Instant now() {
    return START.plus(elapsed);
  }

  List<KeyValue<String, Mask>> masks() {
    return masks.readKeyValuesToList().stream().filter(kv -> !kv.key.equals(CLOCK_ACQUISITION)).toList();
  }

  List<TestRecord<String, Mask>> maskRecords() {
    return masks.readRecordsToList().stream().filter(r -> !r.getKey().equals(CLOCK_ACQUISITION)).toList();
  }

  List<KeyValue<String, ObjectTable>> objects() {
    return objects.readKeyValuesToList().stream().filter(kv -> !kv.key.equals(CLOCK_ACQUISITION)).toList();
  }

  List<TestRecord<String, ObjectTable>> objectRecords() {
    return objects.readRecordsToList().stream().filter(r -> !r.getKey().equals(CLOCK_ACQUISITION)).toList();
  }

  List<KeyValue<String, DeadLetter>> deadLetters() {
    return deadLetters.readKeyValuesToList();
  }

  /** Entries in a state store of the topology. */
  int entries(String store) {
    KeyValueStore<Bytes, byte[]> s = driver.getKeyValueStore(store);
    byte[] clock = StoreKeys.acquisition(CLOCK_ACQUISITION);
    int n = 0;
    try (KeyValueIterator<Bytes, byte[]> it = s.all()) {
      while (it.hasNext()) {
        byte[] key = it.next().key.get();
        if (!(key.length >= clock.length && Arrays.equals(key, 0, clock.length, clock, 0, clock.length))) {
          n++;
        }
      }
    }
    return n;
  }

  /** The dead letter the stitcher writes for a tile-mask record at {@code offset}, {@code errorType} a wire code. */
  static DeadLetter tileLetter(long offset, String key, String errorType, String reason, byte[] original,
      Instant at) {
    DeadLetterError type = Arrays.stream(DeadLetterError.values()).filter(e -> e.code().equals(errorType))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no dead-letter error type is coded " + errorType));
    DeadLetter letter = DeadLetters.of("stitcher", TOPICS.tileMasks().name(), 0, offset, key, type, reason, original);
    letter.setFailedAt(at);
    return letter;
  }

  /** The dead letter the stitcher writes for a whole frame. */
  static DeadLetter frameLetter(String key, String errorType, String reason, Instant at) {
    return DeadLetter.newBuilder()
        .setStage("stitcher")
        .setSourceTopic(TOPICS.tileMasks().name())
        .setSourcePartition(0)
        .setSourceOffset(-1)
        .setKey(key)
        .setErrorType(errorType)
        .setReason(reason)
        .setFailedAt(at)
        .setOriginalSize(-1)
        .setOriginal(null)
        .setOriginalReference(null)
        .build();
  }

  static List<Long> frameIndices(List<KeyValue<String, Mask>> masks) {
    List<Long> out = new ArrayList<>();
    masks.forEach(kv -> out.add(kv.value.getFrameIndex()));
    return out;
  }

  @Override
  public void close() {
    driver.close();
  }

  /** Frames the open-frame limit evicted so far (the listener's {@code frameEvicted}). */
  int evictions() {
    return evictions.get();
  }
}
