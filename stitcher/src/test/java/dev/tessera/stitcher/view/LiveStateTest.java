package dev.tessera.stitcher.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.imaging.overlay.Overlay;
import dev.tessera.records.Cell;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.PixelType;
import dev.tessera.records.Region;
import dev.tessera.records.Track;
import dev.tessera.records.TrackEvent;
import dev.tessera.records.TrackedCell;
import dev.tessera.schemas.Pixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The live view's state and answers, record by record, without Kafka or HTTP. */
class LiveStateTest {

  private static final long SECOND = 1_000_000_000L;
  /** 4x3, two cells: label 1 the left column pair of the top rows, label 2 the bottom right pixel. */
  private static final int[] LABELS = {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 2};

  @Test
  void aMaskBecomesItsAcquisitionsStateAndItsObjectTableGivesTheCellCount() {
    LiveState state = new LiveState();

    String afterMask = state.mask(mask("a1", 0, LABELS), 0);
    assertThat(afterMask).isEqualTo("{\"acquisition\": \"a1\", \"frame\": 0, \"width\": 4, \"height\": 3,"
        + " \"cells\": 0, \"framesPerSecond\": 0.00, \"deadLetters\": 0, \"tracks\": 0, \"divisions\": 0,"
        + " \"model\": \"m-d4\"}");
    String withCells = "{\"acquisition\": \"a1\", \"frame\": 0, \"width\": 4, \"height\": 3, \"cells\": 2,"
        + " \"framesPerSecond\": 0.00, \"deadLetters\": 0, \"tracks\": 0, \"divisions\": 0, \"model\": \"m-d4\"}";
    assertThat(state.objects(objects("a1", 0, 2), 0)).contains(withCells);
    assertThat(state.json(0)).isEqualTo("[" + withCells + "]");
  }

  @Test
  void theTrackersRecordsGiveTheTracksBegunAndTheDivisions() {
    LiveState state = new LiveState();
    assertThat(state.track(track("a1", 0, List.of(1, 2), List.of()), 0)).as("no mask yet: nothing shown").isEmpty();
    state.mask(mask("a1", 0, LABELS), 0);

    assertThat(state.track(track("a1", 1, List.of(3, 4, 2), List.of(1)), 0))
        .hasValueSatisfying(json -> assertThat(json).contains("\"tracks\": 4, \"divisions\": 1,"));
    assertThat(state.track(track("a1", 2, List.of(3, 4), List.of()), 0))
        .hasValueSatisfying(json -> assertThat(json).contains("\"tracks\": 4, \"divisions\": 1,"));
  }

  private static Track track(String acq, long frame, List<Integer> trackIds, List<Integer> divisions) {
    List<TrackedCell> cells = new ArrayList<>();
    for (int i = 0; i < trackIds.size(); i++) {
      cells.add(new TrackedCell(i + 1, trackIds.get(i), 0, TrackEvent.CONTINUE));
    }
    Instant at = Instant.parse("2026-12-02T00:00:00Z");
    return Track.newBuilder().setAcquisitionId(acq).setFrameIndex(frame).setModelId("m-d4").setModelSha256("00")
        .setCapturedAt(at).setTrackedAt(at).setCells(cells).setDivisions(divisions).setEnded(List.of()).build();
  }

  @Test
  void anObjectTableOfAnotherFrameThanTheNewestMaskChangesNothingShownUntilItsMaskArrives() {
    LiveState state = new LiveState();
    state.mask(mask("a1", 0, LABELS), 0);

    assertThat(state.objects(objects("a1", 1, 5), 0)).isEmpty();
    assertThat(state.mask(mask("a1", 1, LABELS), SECOND)).contains("\"frame\": 1,").contains("\"cells\": 5,");
  }

  @Test
  void theFrameRateCountsTheMasksOfTheLastTenSeconds() {
    LiveState state = new LiveState();
    state.mask(mask("a1", 0, LABELS), 0);
    state.mask(mask("a1", 1, LABELS), SECOND / 2);
    // three masks over one second: two intervals
    assertThat(state.mask(mask("a1", 2, LABELS), SECOND)).contains("\"framesPerSecond\": 2.00,");
    // at 10.6 s the first two (10.6 s and 10.1 s ago) are out of the window: one mask, no rate
    assertThat(state.json(SECOND * 106 / 10)).contains("\"framesPerSecond\": 0.00,");
    // at 10.9 s: the third (1 s) and the fourth, one interval of 9.9 s
    assertThat(state.mask(mask("a1", 3, LABELS), SECOND * 109 / 10)).contains("\"framesPerSecond\": 0.10,");
  }

  @Test
  void deadLettersCountForTheAcquisitionTheirKeyNames() {
    LiveState state = new LiveState();

    assertThat(state.deadLetter("a2/3/7", 0)).hasValueSatisfying(json -> assertThat(json)
        .contains("\"acquisition\": \"a2\"").contains("\"frame\": -1,").contains("\"deadLetters\": 1,"));
    assertThat(state.deadLetter("a2/4", 0))
        .hasValueSatisfying(json -> assertThat(json).contains("\"deadLetters\": 2,"));
    assertThat(state.deadLetter("a2", 0)).hasValueSatisfying(json -> assertThat(json).contains("\"deadLetters\": 3,"));
    assertThat(state.deadLetter(null, 0)).isEmpty();
    assertThat(state.deadLetter("", 0)).isEmpty();
    assertThat(state.json(0)).startsWith("[{\"acquisition\": \"a2\"").endsWith("}]");
  }

  @Test
  void anAcquisitionWithFramesButNoMaskOrDeadLetterIsNotListed() {
    LiveState state = new LiveState();
    state.frame(frame("a3", 0));

    assertThat(state.json(0)).isEqualTo("[]");
    assertThat(state.overlay("a3")).isEmpty();
  }

  @Test
  void theOverlayIsTheMasksInstancesOverItsFrameAsTheLauncherDrawsThem() throws IOException {
    LiveState state = new LiveState();
    Frame frame = frame("a1", 4);
    state.frame(frame);
    state.mask(mask("a1", 4, LABELS), 0);

    int[] rgb = rgb(state.overlay("a1").orElseThrow());
    ByteBuffer pixels = frame.getPixels();
    byte[] grey = Overlay.displayGrey(Normalizer.apply(Normalizer.compute(NormalizationSpec.defaults(), pixels,
        PixelType.UINT8), pixels, PixelType.UINT8));
    assertThat(rgb).containsExactly(Overlay.instances(4, 3, grey, LABELS));
    // background keeps the frame's grey: the top right pixel is darker than the bottom left
    assertThat(rgb[3] & 0xFF).isLessThan(rgb[8] & 0xFF);
    assertThat(rgb[8] >> 16 & 0xFF).isEqualTo(rgb[8] & 0xFF);
  }

  @Test
  void theOverlayIsEncodedOnceAfterEachMask() {
    LiveState state = new LiveState();
    state.mask(mask("a1", 0, LABELS), 0);

    byte[] first = state.overlay("a1").orElseThrow();
    assertThat(state.overlay("a1")).containsSame(first);
    state.mask(mask("a1", 1, new int[12]), SECOND);
    assertThat(state.overlay("a1").orElseThrow()).isNotSameAs(first).isNotEqualTo(first);
  }

  @Test
  void aMaskWhoseFrameWasNotSeenIsDrawnOverBlack() throws IOException {
    LiveState state = new LiveState();
    for (long i = 0; i < LiveState.WAITING_FRAMES + 1; i++) {
      state.frame(frame("a1", i)); // frame 0 is evicted by the ninth
    }
    state.mask(mask("a1", 0, LABELS), 0);

    int[] rgb = rgb(state.overlay("a1").orElseThrow());
    assertThat(rgb).containsExactly(Overlay.instances(4, 3, new byte[12], LABELS));
    assertThat(rgb[2]).isZero();
    assertThat(rgb[0]).isNotZero();
  }

  @Test
  void namesAreEscapedSoTheJsonStandsInThePagesScript() {
    LiveState state = new LiveState();
    String json = state.mask(mask("a\"</script>\\", 0, LABELS), 0);

    assertThat(json).startsWith("{\"acquisition\": \"a\\\"\\u003c/script\\u003e\\\\\",");
    assertThat(LivePage.answer(state, "", null, 0).body()).asString(StandardCharsets.UTF_8)
        .doesNotContain("a\"</script>").contains("window.TESSERA_STATE = [{\"acquisition\": \"a\\\"\\u003c/script");
  }

  @Test
  void thePageCarriesTheStateTheStateIsJsonAndUnknownOverlaysAndPathsAre404() throws IOException {
    LiveState state = new LiveState();
    state.mask(mask("a1", 7, LABELS), 0);

    LivePage.Answer page = LivePage.answer(state, "", null, 0);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(page.body()).asString(StandardCharsets.UTF_8).contains("<title>Tessera live view</title>")
        .contains("window.TESSERA_STATE = [{\"acquisition\": \"a1\", \"frame\": 7,")
        .doesNotContain(LivePage.STATE_MARK)
        .contains("new EventSource(root + 'events')").doesNotContain("'/events'").doesNotContain("'/overlay");

    LivePage.Answer json = LivePage.answer(state, LivePage.STATE, null, 0);
    assertThat(json.contentType()).isEqualTo("application/json");
    assertThat(json.body()).asString(StandardCharsets.UTF_8).isEqualTo(state.json(0));

    LivePage.Answer png = LivePage.answer(state, LivePage.OVERLAY, "a1", 0);
    assertThat(png.contentType()).isEqualTo("image/png");
    assertThat(rgb(png.body())).hasSize(12);
    assertThat(LivePage.answer(state, LivePage.OVERLAY, "nope", 0).status()).isEqualTo(404);
    assertThat(LivePage.answer(state, LivePage.OVERLAY, null, 0).status()).isEqualTo(404);
    assertThat(LivePage.answer(state, "index.html", null, 0).status()).isEqualTo(404);
  }

  @Test
  void anEventIsOneDataLineAndABlankLine() {
    assertThat(new String(LivePage.event("{\"acquisition\": \"a1\"}"), StandardCharsets.UTF_8))
        .isEqualTo("data: {\"acquisition\": \"a1\"}\n\n");
    assertThat(new String(LivePage.PRELUDE, StandardCharsets.UTF_8)).startsWith(":").endsWith("\n\n");
  }

  private static int[] rgb(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(4);
    assertThat(image.getHeight()).isEqualTo(3);
    int[] rgb = image.getRGB(0, 0, 4, 3, null, 0, 4);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] &= 0xFFFFFF;
    }
    return rgb;
  }

  /** A 4x3 UINT8 frame, a ramp from dark (top left) to bright (bottom right). */
  private static Frame frame(String acquisition, long index) {
    byte[] pixels = new byte[12];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (20 * i);
    }
    return Frame.newBuilder().setAcquisitionId(acquisition).setFrameIndex(index).setWidth(4).setHeight(3)
        .setPixelType(PixelType.UINT8).setPixels(ByteBuffer.wrap(pixels)).setCapturedAt(Instant.EPOCH).build();
  }

  private static Mask mask(String acquisition, long index, int[] labels) {
    return Mask.newBuilder().setAcquisitionId(acquisition).setFrameIndex(index).setWidth(4).setHeight(3)
        .setClassLabels(ByteBuffer.allocate(12)).setForeground(ByteBuffer.allocate(12)).setInstanceCount(2)
        .setInstances(ByteBuffer.wrap(Pixels.fromUint16(labels))).setModelId("m-d4").setModelSha256("ab".repeat(32))
        .setGeometryId("unet-d4/in572/m92").setTileCount(1).setCapturedAt(Instant.EPOCH).setTiledAt(Instant.EPOCH)
        .setFirstScoredAt(Instant.EPOCH).setLastScoredAt(Instant.EPOCH).setStitchedAt(Instant.EPOCH).build();
  }

  private static ObjectTable objects(String acquisition, long index, int cells) {
    List<Cell> rows = new ArrayList<>();
    for (int label = 1; label <= cells; label++) {
      rows.add(new Cell(label, 1, 0.0, 0.0, new Region(0, 0, 1, 1), 1f));
    }
    return ObjectTable.newBuilder().setAcquisitionId(acquisition).setFrameIndex(index).setWidth(4).setHeight(3)
        .setModelId("m-d4").setCapturedAt(Instant.EPOCH).setCells(rows).build();
  }
}
