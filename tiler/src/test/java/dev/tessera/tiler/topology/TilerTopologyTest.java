package dev.tessera.tiler.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.schemas.KafkaSettings;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import dev.tessera.imaging.testing.TestFrames;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.tiler.tiling.TilerSettings;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tiler topology without a broker: every record in, exactly the expected records out. */
class TilerTopologyTest {

  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00.250Z");
  private static final Instant RECORD_TIME = Instant.parse("2026-11-21T11:59:59Z");

  private final Topics topics = Topics.defaults();
  private final AtomicInteger framesTiled = new AtomicInteger();
  private final AtomicInteger tilesOut = new AtomicInteger();
  private final List<String> deadLetterTypes = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> frames;
  private TestOutputTopic<String, Tile> tiles;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void start() {
    // Depth 4, tiles of at most 572: a 512x512 frame gets four 444 tiles (outputs of 260, stride 256).
    TilerSettings settings = TilerSettings.builder().depth(4).maxInputSize(572).maxFrameWidth(4096)
        .maxFrameHeight(4096).maxFramePixels(600 * 600).build();
    TilerEvents events = new TilerEvents() {
      @Override
      public void frameTiled(int count) {
        framesTiled.incrementAndGet();
        tilesOut.addAndGet(count);
      }

      @Override
      public void deadLetter(String errorType) {
        deadLetterTypes.add(errorType);
      }
    };
    Properties props = TilerTopology.streamsConfig(KafkaSettings.plaintext("unused:9092"), topics, "tiler-test");
    driver = new TopologyTestDriver(
        TilerTopology.topology(topics, settings, events, Clock.fixed(NOW, ZoneOffset.UTC)), props);
    frames = driver.createInputTopic(topics.frames().name(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer());
    tiles = driver.createOutputTopic(topics.tiles().name(), topics.tiles().keySerde().deserializer(),
        topics.tiles().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
        topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private byte[] encode(Frame frame) {
    return topics.frames().valueSerde().serializer().serialize(topics.frames().name(), frame);
  }

  private void send(String key, byte[] value) {
    frames.pipeInput(new TestRecord<>(key, value, RECORD_TIME));
  }

  @Test
  void cutsAValidFrameIntoExactlyItsTilesWithMirroredPixelsAndTileKeys() {
    Frame frame = TestFrames.random("acq-1", 5, 512, 512, PixelType.UINT16, 11);

    send("acq-1", encode(frame));

    List<TestRecord<String, Tile>> out = tiles.readRecordsToList();
    assertThat(out).extracting(TestRecord::key)
        .containsExactly("acq-1/5/0", "acq-1/5/1", "acq-1/5/2", "acq-1/5/3");
    // Expected grid: o = 260, stride 256 (a multiple of 16), two columns and rows at 0 and 256;
    // inputs start 92 earlier, owned regions at offset 0 of each output.
    int[][] expected = {
        // inputX, inputY, owned x, y, w, h, offset x, y
        {-92, -92, 0, 0, 256, 256, 0, 0},
        {164, -92, 256, 0, 256, 256, 0, 0},
        {-92, 164, 0, 256, 256, 256, 0, 0},
        {164, 164, 256, 256, 256, 256, 0, 0}};
    for (int i = 0; i < 4; i++) {
      Tile t = out.get(i).value();
      int[] e = expected[i];
      assertThat(t.getTileIndex()).isEqualTo(i);
      assertThat(t.getTileCount()).isEqualTo(4);
      assertThat(t.getGridColumns()).isEqualTo(2);
      assertThat(t.getGridRows()).isEqualTo(2);
      assertThat(t.getInputX()).isEqualTo(e[0]);
      assertThat(t.getInputY()).isEqualTo(e[1]);
      assertThat(t.getInputWidth()).isEqualTo(444);
      assertThat(t.getInputHeight()).isEqualTo(444);
      assertThat(t.getOwned()).isEqualTo(new Region(e[2], e[3], e[4], e[5]));
      assertThat(t.getOwnedOffsetX()).isEqualTo(e[6]);
      assertThat(t.getOwnedOffsetY()).isEqualTo(e[7]);
      assertThat(t.getGeometryId()).isEqualTo("unet-d4/in444/m92");
      assertThat(t.getNormalization())
          .isEqualTo(Normalizer.compute(TilerSettings.builder().depth(4).build().normalization(), frame.getPixels(),
              PixelType.UINT16));
      assertThat(t.getSourcePartition()).isZero();
      assertThat(t.getSourceOffset()).isZero();
      assertThat(t.getCapturedAt()).isEqualTo(TestFrames.CAPTURED_AT);
      assertThat(t.getTiledAt()).isEqualTo(NOW);
      assertThat(out.get(i).getRecordTime()).isEqualTo(RECORD_TIME);
      assertThat(TestFrames.bytes(t.getPixels())).as("pixels of tile %d", i)
          .isEqualTo(TestFrames.mirroredWindow(frame, e[0], e[1], 444));
    }
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(framesTiled).hasValue(1);
    assertThat(tilesOut).hasValue(4);
  }

  @Test
  void sendsUndecodableBytesToTheDeadLetterTopicAndGoesOn() {
    byte[] garbage = "not a frame".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    send("acq-1", garbage);
    send("acq-1", encode(TestFrames.random("acq-1", 0, 10, 10, PixelType.UINT8, 1)));

    DeadLetter letter = onlyDeadLetter("acq-1");
    assertThat(letter.getErrorType()).isEqualTo("deserialization");
    assertThat(letter.getReason()).isEqualTo("Cannot decode a Frame from topic tessera.frames: 11 bytes starting"
        + " 6E 6F 74 20 61 20 66 72 are not Avro single-object encoding (expected the marker C3 01 and an 8-byte"
        + " schema fingerprint, then the body)");
    assertThat(letter.getSourceOffset()).isZero();
    assertThat(letter.getOriginal()).isEqualTo(ByteBuffer.wrap(garbage));
    assertThat(letter.getOriginalSize()).isEqualTo(11);
    assertThat(tiles.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("acq-1/0/0");
  }

  @Test
  void sendsAFrameWithAnUnknownSchemaFingerprintToTheDeadLetterTopic() {
    byte[] bytes = encode(TestFrames.random("acq-1", 0, 2, 2, PixelType.UINT8, 1));
    bytes[2] ^= 0x5A;

    send("acq-1", bytes);

    DeadLetter letter = onlyDeadLetter("acq-1");
    assertThat(letter.getErrorType()).isEqualTo("deserialization");
    assertThat(letter.getReason()).startsWith("Cannot decode a Frame from topic tessera.frames: unknown writer"
        + " schema fingerprint");
    assertThat(tiles.isEmpty()).isTrue();
  }

  @Test
  void sendsAFrameWithAnUnknownPixelTypeToTheDeadLetterTopic() {
    // Binary body: acquisitionId "a" (02 61), frameIndex 0 (00), t, z, c null (00 00 00),
    // width 2 (04), height 2 (04), then the pixel type's enum index, here 3 (zig-zag 06).
    byte[] bytes = encode(TestFrames.random("a", 0, 2, 2, PixelType.UINT8, 1));
    assertThat(bytes[18]).isEqualTo((byte) 0); // UINT8
    bytes[18] = 6;

    send("a", bytes);

    DeadLetter letter = onlyDeadLetter("a");
    assertThat(letter.getErrorType()).isEqualTo("deserialization");
    assertThat(letter.getReason()).isEqualTo("Frame a/0 has pixel type number 3, but the pixel types are UINT8,"
        + " UINT16, FLOAT32 (0 to 2): was it written with a newer Frame schema than this tiler knows?");
  }

  @Test
  void sendsEachKindOfInvalidFrameToTheDeadLetterTopicOnceAndGoesOn() {
    record Case(Frame frame, String errorType, String reason) {}
    List<Case> cases = List.of(
        new Case(TestFrames.frame("a", 1, 16, 16, PixelType.UINT16, new byte[16 * 16]), "invalid-frame",
            "Frame a/1 is 16x16 UINT16, which needs 512 bytes of pixels (2 per pixel), but it carries 256"),
        new Case(TestFrames.frame("a", 2, 0, 16, PixelType.UINT8, new byte[0]), "invalid-frame",
            "Frame a/2 has size 0x16: width and height must be at least 1"),
        new Case(TestFrames.frame("a", 3, -5, -5, PixelType.UINT8, new byte[0]), "invalid-frame",
            "Frame a/3 has size -5x-5: width and height must be at least 1"),
        new Case(TestFrames.frame("a", 4, 5000, 1, PixelType.UINT8, new byte[5000]), "frame-over-limit",
            "Frame a/4 is 5000x1, wider than max-frame-width=4096"),
        new Case(TestFrames.frame("a", 5, 700, 700, PixelType.UINT8, new byte[700 * 700]), "frame-over-limit",
            "Frame a/5 is 700x700 = 490000 pixels, more than max-frame-pixels=360000"),
        new Case(TestFrames.frame("a", 6, 2, 1, PixelType.FLOAT32,
            dev.tessera.schemas.Pixels.fromFloats(new float[] {Float.NaN, Float.NaN}, PixelType.FLOAT32)),
            "invalid-frame",
            "Frame a/6: all of its 2 FLOAT32 pixels are NaN or infinite, so it has nothing to normalize or segment"),
        new Case(TestFrames.frame("", 7, 2, 1, PixelType.UINT8, new byte[2]), "invalid-frame",
            "Frame 7 has no acquisitionId: tiles are keyed acquisition/frame/tile, so every frame needs one"));

    for (Case c : cases) {
      send("a", encode(c.frame()));
    }
    send("a", encode(TestFrames.random("a", 8, 3, 3, PixelType.UINT8, 8)));

    List<KeyValue<String, DeadLetter>> letters = deadLetters.readKeyValuesToList();
    assertThat(letters).hasSize(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      DeadLetter letter = letters.get(i).value;
      Case c = cases.get(i);
      byte[] original = encode(c.frame());
      assertThat(letters.get(i).key).isEqualTo("a");
      assertThat(letter.getStage()).isEqualTo("tiler");
      assertThat(letter.getSourceTopic()).isEqualTo("tessera.frames");
      assertThat(letter.getSourcePartition()).isZero();
      assertThat(letter.getSourceOffset()).isEqualTo(i);
      assertThat(letter.getErrorType()).isEqualTo(c.errorType());
      assertThat(letter.getReason()).isEqualTo(c.reason());
      assertThat(letter.getOriginalSize()).isEqualTo(original.length);
      if (original.length <= DeadLetters.MAX_COPIED_BYTES) {
        assertThat(letter.getOriginal()).isEqualTo(ByteBuffer.wrap(original));
      } else {
        assertThat(letter.getOriginal()).isNull();
        assertThat(letter.getOriginalReference()).isEqualTo("tessera.frames-0@" + i);
      }
    }
    assertThat(tiles.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("a/8/0");
    assertThat(deadLetterTypes).containsExactly("invalid-frame", "invalid-frame", "invalid-frame",
        "frame-over-limit", "frame-over-limit", "invalid-frame", "invalid-frame");
    assertThat(framesTiled).hasValue(1);
  }

  @Test
  void sendsATombstoneToTheDeadLetterTopic() {
    send("acq-9", null);

    DeadLetter letter = onlyDeadLetter("acq-9");
    assertThat(letter.getErrorType()).isEqualTo("invalid-frame");
    assertThat(letter.getReason())
        .isEqualTo("The record has no value (a tombstone); every record on the frames topic must be a Frame");
    assertThat(letter.getOriginalSize()).isEqualTo(-1);
  }

  @Test
  void namesItsSourceProcessorAndSinks() {
    String description = TilerTopology.topology(topics, TilerSettings.builder().depth(4).build(), TilerEvents.NONE,
        Clock.systemUTC()).describe().toString();

    assertThat(description).contains("Source: frames (topics: [tessera.frames])")
        .contains("Processor: tile-frames").contains("Sink: tiles (topic: tessera.tiles)")
        .contains("Sink: dead-letters (topic: tessera.dead-letters)");
  }

  @Test
  void configuresExactlyOnceAndTheRecordSizeLimitsForEachClient() {
    KafkaLimits limits = new KafkaLimits(10 << 20, "zstd");

    Properties props = TilerTopology.streamsConfig(KafkaSettings.plaintext("broker:9092").withLimits(limits), topics,
        "my-tiler");

    assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "my-tiler")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry("producer.max.request.size", limits.topicMaxMessageBytes())
        .containsEntry("producer.buffer.memory", 20L << 20)
        .containsEntry("producer.compression.type", "zstd")
        // a fetch brings at most the smaller of the record limit and 16 MiB, 4 MiB per partition
        .containsEntry("consumer.fetch.max.bytes", 10 << 20)
        .containsEntry("consumer.max.partition.fetch.bytes", 4 << 20)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10L)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 10L);
    StreamsConfig config = new StreamsConfig(props);
    assertThat(config.getProducerConfigs("c")).containsEntry("max.request.size", limits.topicMaxMessageBytes());
    assertThat(config.getMainConsumerConfigs("g", "c", 0)).containsEntry("fetch.max.bytes", 10 << 20)
        .containsEntry("isolation.level", "read_committed");
  }

  private DeadLetter onlyDeadLetter(String key) {
    List<KeyValue<String, DeadLetter>> letters = deadLetters.readKeyValuesToList();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).key).isEqualTo(key);
    DeadLetter letter = letters.get(0).value;
    assertThat(letter.getStage()).isEqualTo("tiler");
    assertThat(letter.getSourceTopic()).isEqualTo("tessera.frames");
    assertThat(letter.getSourcePartition()).isZero();
    return letter;
  }
}
