package dev.tessera.stitcher.topology;

import static dev.tessera.stitcher.topology.StitcherDriver.START;
import static dev.tessera.stitcher.topology.StitcherDriver.frameIndices;
import static dev.tessera.stitcher.topology.StitcherDriver.frameLetter;
import static dev.tessera.stitcher.topology.StitcherDriver.tileLetter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.DeadLetter;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Mask;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.stitcher.TileMaskFixtures;
import dev.tessera.stitcher.assembly.FrameStitcher;
import dev.tessera.stitcher.assembly.StitchedFrame;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StitcherTopologyTest {

  // Depth 1, input 20: output 4. A 10x6 frame is a 3x2 grid; the last column owns 2 columns, the last row 2 rows.
  private static final UNetGeometry D1 = new UNetGeometry(1);
  private static final int W = 10;
  private static final int H = 6;
  private static final TilePlan PLAN = TilePlan.of(D1, W, H, 20);
  private static final StitcherSettings SETTINGS = StitcherSettings.defaults()
      .toBuilder().frameTimeout(Duration.ofSeconds(30)).build();

  @TempDir
  Path stateDir;
  private StitcherDriver stitcher;

  @AfterEach
  void close() {
    if (stitcher != null) {
      stitcher.close();
    }
  }

  private StitcherDriver start(StitcherSettings settings) {
    stitcher = new StitcherDriver(settings, stateDir);
    return stitcher;
  }

  /** Foreground level of frame {@code f} at (x, y): cells are the 3x2 blocks where (x/3 + y/2 + f) is even. */
  private static int foreground(long f, int x, int y) {
    return (x / 3 + y / 2 + f) % 2 == 0 ? 230 : 20 + x + y;
  }

  private static List<TileMask> frame(String acq, long f) {
    return TileMaskFixtures.tiles(acq, f, D1, PLAN, 2,
        (c, x, y) -> c == 1 ? foreground(f, x, y) : 255 - foreground(f, x, y));
  }

  private static StitchedFrame expected(String acq, long f, Instant stitchedAt) {
    return new FrameStitcher(1, SETTINGS.instances()).stitch(frame(acq, f), stitchedAt.toEpochMilli());
  }

  @Test
  void publishesOneExactMaskAndObjectTableWhenShuffledTilesComplete() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> tiles = new ArrayList<>(frame("cam", 0));
    Collections.shuffle(tiles, new Random(3));

    s.pipe(tiles);

    List<KeyValue<String, Mask>> masks = s.masks();
    assertThat(masks).hasSize(1);
    Mask mask = masks.get(0).value;
    assertThat(masks.get(0).key).isEqualTo("cam");
    assertThat(mask).isEqualTo(expected("cam", 0, START).mask());
    byte[] labels = new byte[W * H];
    byte[] fg = new byte[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        labels[y * W + x] = (byte) (foreground(0, x, y) >= 128 ? 1 : 0);
        fg[y * W + x] = (byte) foreground(0, x, y);
      }
    }
    assertThat(mask.getClassLabels()).isEqualTo(ByteBuffer.wrap(labels));
    assertThat(mask.getForeground()).isEqualTo(ByteBuffer.wrap(fg));
    assertThat(mask.getInstanceCount()).isEqualTo(6);
    assertThat(s.objects()).containsExactly(KeyValue.pair("cam", expected("cam", 0, START).objects()));
    assertThat(s.deadLetters()).isEmpty();
    assertThat(s.entries(StitcherTopology.TILES_STORE)).isZero();
  }

  @Test
  void changesNothingForDuplicatedTiles() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> tiles = frame("cam", 0);

    for (TileMask t : tiles.subList(0, 5)) {
      s.pipe(t);
      s.pipe(t);
    }
    s.pipe(tiles.get(5));
    s.pipe(tiles.get(0));
    s.pipe(tiles.get(5));

    assertThat(s.masks()).containsExactly(KeyValue.pair("cam", expected("cam", 0, START).mask()));
    assertThat(s.objects()).hasSize(1);
    assertThat(s.deadLetters()).isEmpty();
  }

  @Test
  void emitsOneDeadLetterNamingTheMissingTilesOfAnIncompleteFrame() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> tiles = frame("cam", 4);
    s.pipe(List.of(tiles.get(0), tiles.get(1), tiles.get(3), tiles.get(4)));

    s.advance(Duration.ofSeconds(29));
    assertThat(s.deadLetters()).isEmpty();
    s.advance(Duration.ofSeconds(1));

    assertThat(s.deadLetters()).containsExactly(KeyValue.pair("cam/4", frameLetter("cam/4", "incomplete-frame",
        "frame cam/4 was still incomplete when the stream had moved 30000 ms past its first tile: 4 of 6 tiles"
            + " received, missing tile indices [2, 5]",
        START.plusSeconds(30))));
    assertThat(s.entries(StitcherTopology.TILES_STORE)).isZero();
    s.advance(Duration.ofSeconds(30));
    assertThat(s.deadLetters()).isEmpty();
    assertThat(s.masks()).isEmpty();
    assertThat(s.objects()).isEmpty();
  }

  /**
   * The loss path of an outage: a worker down for longer than the frame timeout. With a wall-clock
   * timeout every frame in flight was dead-lettered before the backlog was read; on stream time
   * nothing moves while nothing arrives, and the frame completes when its tiles come.
   */
  @Test
  void anOutageLongerThanTheFrameTimeoutTimesNoFrameOut() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> tiles = frame("cam", 0);
    s.pipe(tiles.subList(0, 3));

    s.advanceWallClock(Duration.ofMinutes(10)); // nothing arrives: the worker is down
    assertThat(s.deadLetters()).isEmpty();
    s.pipe(tiles.subList(3, 6), START); // the backlog, stamped with its frame's time

    assertThat(s.deadLetters()).isEmpty();
    assertThat(frameIndices(s.masks())).containsExactly(0L);
  }

  @Test
  void closesAFrameAtOnceWhenTheWorkerReportsATileItCouldNotScore() {
    StitcherDriver s = start(SETTINGS);
    s.pipe(frame("cam", 0));
    List<TileMask> tiles = frame("cam", 1);
    s.pipe(tiles.subList(0, 2));
    TileMask failed = TileMask.newBuilder(tiles.get(2)).setClassCount(0)
        .setProbabilities(ByteBuffer.allocate(0)).setFailure("invalid-pixels: FLOAT32 pixel 7 is NaN").build();

    s.pipe(failed);

    assertThat(s.deadLetters()).containsExactly(KeyValue.pair("cam/1", frameLetter("cam/1", "failed-tiles",
        "frame cam/1 cannot be stitched: tile 2 was not scored (invalid-pixels: FLOAT32 pixel 7 is NaN); tiles [0-1]"
            + " had arrived", START)));
    assertThat(s.entries(StitcherTopology.TILES_STORE)).isZero();
    // The ordering stage skips it at once: frame 2 follows frame 0 without waiting for a timeout.
    s.pipe(frame("cam", 2));
    assertThat(frameIndices(s.masks())).containsExactly(0L, 2L);
  }

  @Test
  void sendsATileOfAnotherFrameUnderAFrameIdInUseToTheDeadLettersAndKeepsTheOriginal() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> original = frame("cam", 0);
    s.pipe(original.subList(0, 3));
    // an ingest that restarted its numbering: another capture under cam/0
    TileMask intruder = TileMask.newBuilder(original.get(3)).setCapturedAt(START.plusSeconds(3600)).build();

    long offset = s.pipe(intruder);
    s.pipe(original.subList(3, 6));

    assertThat(s.deadLetters()).containsExactly(KeyValue.pair("cam/0", tileLetter(offset, "cam/0",
        "duplicate-frame-id", "tile 3 of frame cam/0 was captured at " + START.plusSeconds(3600) + ", but frame cam/0"
            + " already holds tiles captured at " + original.get(0).getCapturedAt() + ": another frame under a frame id"
            + " in use; it is not stitched and the first frame is unaffected", TileMaskFixtures.encode(intruder),
        START)));
    assertThat(s.masks()).containsExactly(KeyValue.pair("cam", expected("cam", 0, START).mask()));
  }

  @Test
  void neverPublishesAFrameWhoseMissingTileArrivesAfterTheTimeout() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> tiles = frame("cam", 4);
    s.pipe(tiles.subList(0, 5));
    s.advance(Duration.ofSeconds(30));
    s.deadLetters();

    long offset = s.pipe(tiles.get(5));

    assertThat(s.deadLetters()).containsExactly(KeyValue.pair("cam/4", tileLetter(offset, "cam/4", "frame-closed",
        "tile 5 of frame cam/4 arrived after the frame was given up incomplete; it is not stitched", TileMaskFixtures.encode(tiles.get(5)), START.plusSeconds(30))));
    assertThat(s.masks()).isEmpty();
  }

  @Test
  void sendsATileContradictingItsFramesGeometryToTheDeadLettersAndStitchesTheRest() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> tiles = frame("cam", 0);
    s.pipe(tiles.subList(0, 3));
    TileMask foreign = TileMaskFixtures.tile("cam", 0, D1, TilePlan.of(D1, W, H, 18), 3, 2, (c, x, y) -> 0).build();

    long offset = s.pipe(foreign);
    s.pipe(tiles.subList(3, 6));

    assertThat(s.deadLetters()).containsExactly(KeyValue.pair("cam/0", tileLetter(offset, "cam/0",
        "geometry-mismatch", "tile 3 of frame cam/0 contradicts the frame's tiles [0-2]: tile count 15 instead of 6,"
            + " grid 5x3 instead of 3x2, geometry unet-d1/in18/m8 instead of unet-d1/in20/m8",
        TileMaskFixtures.encode(foreign), START)));
    assertThat(s.masks()).containsExactly(KeyValue.pair("cam", expected("cam", 0, START).mask()));
  }

  @Test
  void sendsAFrameScoredByTwoModelVersionsToTheDeadLettersWhole() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> tiles = frame("cam", 2);
    s.pipe(tiles.subList(0, 2));
    TileMask upgraded = TileMask.newBuilder(tiles.get(2)).setModelSha256(TileMaskFixtures.OTHER_SHA).build();

    long offset = s.pipe(upgraded);

    assertThat(s.deadLetters()).containsExactly(KeyValue.pair("cam/2", tileLetter(offset, "cam/2", "mixed-models",
        "frame cam/2 mixes two model versions: tiles [0-1] were scored by unet-d1-test (sha256 "
            + TileMaskFixtures.MODEL_SHA + "), tile 2 by unet-d1-test (sha256 " + TileMaskFixtures.OTHER_SHA
            + "); the frame is not published", TileMaskFixtures.encode(upgraded), START)));
    assertThat(s.entries(StitcherTopology.TILES_STORE)).isZero();

    long late = s.pipe(tiles.get(3));
    assertThat(s.deadLetters()).containsExactly(KeyValue.pair("cam/2", tileLetter(late, "cam/2", "frame-closed",
        "tile 3 of frame cam/2 arrived after the frame was rejected; it is not stitched",
        TileMaskFixtures.encode(tiles.get(3)), START)));
    s.advance(Duration.ofSeconds(30));
    assertThat(s.deadLetters()).isEmpty();
    assertThat(s.masks()).isEmpty();
  }

  @Test
  void sendsUndecodableValuesAndMiskeyedTilesToTheDeadLetters() {
    StitcherDriver s = start(SETTINGS);
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    TileMask tile = frame("cam", 1).get(0);

    s.pipe("cam/1", garbage);
    s.pipe("cam/2", TileMaskFixtures.encode(tile));

    List<KeyValue<String, DeadLetter>> letters = s.deadLetters();
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).value.getErrorType()).isEqualTo(DeadLetterError.DESERIALIZATION.code());
    assertThat(letters.get(0).value.getReason()).isEqualTo("Cannot decode a TileMask from topic tessera.tile-masks:"
        + " 8 bytes starting 6E 6F 74 20 61 76 72 6F are not Avro single-object encoding (expected the marker C3 01"
        + " and an 8-byte schema fingerprint, then the body)");
    assertThat(letters.get(0).value.getOriginal()).isEqualTo(ByteBuffer.wrap(garbage));
    assertThat(letters.get(1)).isEqualTo(KeyValue.pair("cam/2", tileLetter(1, "cam/2", "wrong-key",
        "the record key 'cam/2' is not the key 'cam/1' (acquisition/frame) of the tile mask it carries",
        TileMaskFixtures.encode(tile), START)));
    assertThat(s.entries(StitcherTopology.FRAMES_STORE)).isZero();
  }

  @Test
  void publishesTheFramesOfAnAcquisitionInFrameOrder() {
    StitcherDriver s = start(SETTINGS);
    List<TileMask> f0 = frame("cam", 0);
    s.pipe(f0.get(0));
    s.pipe(frame("cam", 2));
    s.pipe(frame("dish", 0));
    s.pipe(frame("cam", 1));

    // Another acquisition is not held back by cam's frame 0.
    assertThat(s.masks()).extracting(kv -> kv.key).containsExactly("dish");
    s.pipe(f0.subList(1, 6));

    List<KeyValue<String, Mask>> masks = s.masks();
    assertThat(masks).extracting(kv -> kv.key).containsOnly("cam");
    assertThat(frameIndices(masks)).containsExactly(0L, 1L, 2L);
    assertThat(masks.get(1).value).isEqualTo(expected("cam", 1, START).mask());
    assertThat(s.objects()).extracting(kv -> kv.value.getFrameIndex()).containsExactly(0L, 0L, 1L, 2L);
  }

  @Test
  void waitsForAnIncompletePredecessorUntilItTimesOut() {
    StitcherDriver s = start(SETTINGS);
    s.pipe(frame("cam", 0).get(0));
    s.advance(Duration.ofSeconds(10));
    s.pipe(frame("cam", 1));
    assertThat(s.masks()).isEmpty();

    s.advance(Duration.ofSeconds(20));

    assertThat(s.deadLetters()).extracting(kv -> kv.value.getErrorType()).containsExactly("incomplete-frame");
    assertThat(s.evictions()).as("a timeout is not load shedding").isZero();
    // stitchedAt is when the frame was stitched; the record's timestamp is when it was published.
    List<TestRecord<String, Mask>> masks = s.maskRecords();
    assertThat(masks).hasSize(1);
    assertThat(masks.get(0).value()).isEqualTo(expected("cam", 1, START.plusSeconds(10)).mask());
    assertThat(masks.get(0).getRecordTime()).isEqualTo(START.plusSeconds(30));
  }

  @Test
  void skipsAnIndexNeverSeenAfterTheOrderGrace() {
    StitcherDriver s = start(SETTINGS);
    s.pipe(frame("cam", 0));
    assertThat(frameIndices(s.masks())).containsExactly(0L);
    s.pipe(frame("cam", 2));

    s.advance(Duration.ofSeconds(9));
    assertThat(s.masks()).isEmpty();
    s.advance(Duration.ofSeconds(1));

    assertThat(s.masks()).containsExactly(KeyValue.pair("cam", expected("cam", 2, START).mask()));
    assertThat(s.entries(StitcherTopology.ORDER_HELD_STORE)).isZero();
  }

  @Test
  void holdsTheFirstFrameOfAnAcquisitionPickedUpMidwayForTheGrace() {
    StitcherDriver s = start(SETTINGS);
    s.pipe(frame("cam", 6));
    s.advance(Duration.ofSeconds(5));
    s.pipe(frame("cam", 5));
    s.advance(Duration.ofSeconds(9));
    assertThat(s.masks()).isEmpty();

    // Frame 5 waits the grace from when it finished, then 6 follows it.
    s.advance(Duration.ofSeconds(1));

    assertThat(frameIndices(s.masks())).containsExactly(5L, 6L);
  }

  /**
   * The loss path of a burst on a slow machine: frame 1's tiles arrive after frame 2 was published.
   * It used to go to the dead letters ({@code late-frame}, its mask referenced in an internal topic
   * that Kafka Streams purges); now it is published, flagged, and nothing is dead-lettered.
   */
  @Test
  void publishesAFrameFinishingAfterItsSuccessorOutOfOrderWithAFlagInsteadOfDroppingIt() {
    StitcherDriver s = start(SETTINGS);
    s.pipe(frame("cam", 0));
    s.pipe(frame("cam", 2));
    s.advance(Duration.ofSeconds(10));
    assertThat(frameIndices(s.masks())).containsExactly(0L, 2L);

    s.pipe(frame("cam", 1));

    assertThat(s.deadLetters()).isEmpty();
    List<TestRecord<String, Mask>> late = s.maskRecords();
    assertThat(late).hasSize(1);
    assertThat(late.get(0).getKey()).isEqualTo("cam");
    assertThat(late.get(0).getValue()).isEqualTo(expected("cam", 1, START.plusSeconds(10)).mask());
    assertThat(late.get(0).getHeaders().lastHeader(OrderProcessor.OUT_OF_ORDER_HEADER).value())
        .isEqualTo("true".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    List<TestRecord<String, ObjectTable>> objects = s.objectRecords();
    assertThat(objects).hasSize(3);
    assertThat(objects.get(2).getHeaders().lastHeader(OrderProcessor.OUT_OF_ORDER_HEADER)).isNotNull();
    assertThat(objects.get(0).getHeaders().lastHeader(OrderProcessor.OUT_OF_ORDER_HEADER)).isNull();
  }

  /** The masks topic's serializer, keeping what it encoded. */
  private static final class RecordingMaskEncoder implements Serializer<Mask> {
    final List<byte[]> encoded = new ArrayList<>();

    @Override
    public byte[] serialize(String topic, Mask mask) {
      byte[] bytes = StitcherDriver.TOPICS.masks().valueSerde().serializer().serialize(topic, mask);
      encoded.add(bytes);
      return bytes;
    }
  }

  @ParameterizedTest(name = "in order: {0}")
  @ValueSource(booleans = {true, false})
  void encodesEachMaskOnceWhereItIsStitchedAndPublishesThoseVeryBytes(boolean inOrder) {
    RecordingMaskEncoder encoder = new RecordingMaskEncoder();
    stitcher = new StitcherDriver(SETTINGS.toBuilder().inOrder(inOrder).build(), stateDir, encoder);
    TestOutputTopic<String, byte[]> masks = stitcher.driver.createOutputTopic(
        StitcherDriver.TOPICS.masks().name(), new StringDeserializer(), new ByteArrayDeserializer());

    // Frame 1 is stitched first; in order it is held (through the ordering topic and store) until 0 is out.
    stitcher.pipe(frame("cam", 1));
    stitcher.pipe(frame("cam", 0));
    stitcher.pipe(frame("cam", 2));

    List<byte[]> encoded = encoder.encoded;
    assertThat(encoded).hasSize(3);
    List<byte[]> published = masks.readValuesToList();
    assertThat(published).containsExactlyElementsOf(inOrder
        ? List.of(encoded.get(1), encoded.get(0), encoded.get(2)) : encoded);
    List<Long> order = inOrder ? List.of(0L, 1L, 2L) : List.of(1L, 0L, 2L);
    for (int i = 0; i < 3; i++) {
      assertThat(published.get(i)).isEqualTo(StitcherDriver.TOPICS.masks().valueSerde().serializer()
          .serialize("", expected("cam", order.get(i), START).mask()));
    }
  }

  @Test
  void publishesFramesAsTheyCompleteWhenInOrderIsOff() {
    StitcherDriver s = start(SETTINGS.toBuilder().inOrder(false).build());
    s.pipe(frame("cam", 0).get(0));
    s.pipe(frame("cam", 2));
    s.pipe(frame("cam", 0).subList(1, 6));

    assertThat(frameIndices(s.masks())).containsExactly(2L, 0L);
    assertThat(s.objects()).hasSize(2);
  }

  @Test
  void timesOutTheOldestOpenFrameBeyondTheOpenFrameLimit() {
    StitcherDriver s = start(SETTINGS.toBuilder().maxOpenFrames(2).build());
    s.pipe(frame("cam", 0).get(0));
    s.advance(Duration.ofSeconds(1));
    s.pipe(frame("cam", 1).get(0));
    s.advance(Duration.ofSeconds(1));

    s.pipe(frame("cam", 2).get(0));

    assertThat(s.deadLetters()).containsExactly(KeyValue.pair("cam/0", frameLetter("cam/0", "incomplete-frame",
        "frame cam/0 was evicted incomplete because 3 frames were open, more than max-open-frames=2:"
            + " 1 of 6 tiles received, missing tile indices [1-5]", START.plusSeconds(2))));
    assertThat(s.entries(StitcherTopology.TILES_STORE)).isEqualTo(2);
    assertThat(s.evictions()).isEqualTo(1);
  }

  @Test
  void forgetsAClosedFrameOneTimeoutAfterItWasPublished() {
    StitcherDriver s = start(SETTINGS);
    s.pipe(frame("cam", 0));
    assertThat(s.entries(StitcherTopology.FRAMES_STORE)).isEqualTo(1);

    s.advance(Duration.ofSeconds(30));

    assertThat(s.entries(StitcherTopology.FRAMES_STORE)).isZero();
    assertThat(s.entries(StitcherTopology.TILES_STORE)).isZero();
    assertThat(s.entries(StitcherTopology.ORDER_FRAMES_STORE)).isZero();
  }

  @Test
  void publishesASingleTileFrameAtOnce() {
    StitcherDriver s = start(SETTINGS);
    TilePlan one = TilePlan.of(D1, 3, 2, 20);
    TileMask tile = TileMaskFixtures.tiles("cam", 0, D1, one, 2, (c, x, y) -> c == 1 ? 255 : 0).get(0);

    s.pipe(tile);

    List<KeyValue<String, Mask>> masks = s.masks();
    assertThat(masks).hasSize(1);
    assertThat(masks.get(0).value.getInstanceCount()).isEqualTo(1);
    assertThat(masks.get(0).value.getInstances()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0}));
  }
}
