package dev.tessera.stitcher.topology;

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
  private Duration elapsed = Duration.ZERO;

  StitcherDriver(StitcherSettings settings, Path stateDir) {
    this(settings, stateDir, TOPICS.masks().valueSerde().serializer());
  }

  /** The topology with {@code maskEncoder} as its one encoder of masks. */
  StitcherDriver(StitcherSettings settings, Path stateDir, Serializer<Mask> maskEncoder) {
    StreamsBuilder builder = new StreamsBuilder();
    StitcherTopology.build(builder, TOPICS, settings, StitcherListener.NONE, maskEncoder);
    Properties props = StitcherTopology.streamsConfig(KafkaSettings.plaintext("localhost:9"), APP_ID);
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

  long pipe(String key, byte[] value) {
    tileMasks.pipeInput(key, value);
    return offset++;
  }

  /** Moves the mocked wall clock on, running the wall-clock punctuators. */
  void advance(Duration d) {
    elapsed = elapsed.plus(d);
    driver.advanceWallClockTime(d);
  }

  /** The mocked wall clock. */
  Instant now() {
    return START.plus(elapsed);
  }

  List<KeyValue<String, Mask>> masks() {
    return masks.readKeyValuesToList();
  }

  List<TestRecord<String, Mask>> maskRecords() {
    return masks.readRecordsToList();
  }

  List<KeyValue<String, ObjectTable>> objects() {
    return objects.readKeyValuesToList();
  }

  List<KeyValue<String, DeadLetter>> deadLetters() {
    return deadLetters.readKeyValuesToList();
  }

  /** Entries in a state store of the topology. */
  int entries(String store) {
    KeyValueStore<Bytes, byte[]> s = driver.getKeyValueStore(store);
    int n = 0;
    try (KeyValueIterator<Bytes, byte[]> it = s.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
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
}
