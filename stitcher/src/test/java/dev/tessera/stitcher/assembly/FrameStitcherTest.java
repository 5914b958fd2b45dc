package dev.tessera.stitcher.assembly;

import static dev.tessera.stitcher.TileMaskFixtures.twoClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.records.Cell;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Region;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;
import dev.tessera.stitcher.TileMaskFixtures;
import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameStitcherTest {

  private static final UNetGeometry D1 = new UNetGeometry(1);

  @Test
  void buildsTheMaskAndObjectTableOfAFrameWithProvenance() {
    // 6x3 frame, 3x2 grid of 2x2 outputs; two cells, one crossing the tile seam at x=2.
    int[] fg = {
        200, 200, 200, 0, 0, 0,
        0, 0, 0, 0, 255, 0,
        0, 0, 0, 0, 255, 0};
    TilePlan plan = TilePlan.of(D1, 6, 3, 18);
    FrameStitcher stitcher = new FrameStitcher(1, InstanceOptions.defaults());

    StitchedFrame out = stitcher.stitch(TileMaskFixtures.tiles("cam", 3, D1, plan, 2, twoClass(fg, 6)), 5_000_000L);

    Mask mask = out.mask();
    assertThat(mask.getClassLabels()).isEqualTo(ByteBuffer.wrap(new byte[] {
        1, 1, 1, 0, 0, 0,
        0, 0, 0, 0, 1, 0,
        0, 0, 0, 0, 1, 0}));
    assertThat(mask.getInstanceCount()).isEqualTo(2);
    assertThat(mask.getInstances()).isEqualTo(ByteBuffer.wrap(new byte[] {
        1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0}));
    assertThat(mask.getModelId()).isEqualTo(TileMaskFixtures.MODEL_ID);
    assertThat(mask.getModelSha256()).isEqualTo(TileMaskFixtures.MODEL_SHA);
    assertThat(mask.getGeometryId()).isEqualTo("unet-d1/in18/m8");
    assertThat(mask.getTileCount()).isEqualTo(6);
    assertThat(mask.getCapturedAt()).isEqualTo(Instant.ofEpochMilli(1_000_003));
    assertThat(mask.getTiledAt()).isEqualTo(Instant.ofEpochMilli(1_000_103));
    assertThat(mask.getFirstScoredAt()).isEqualTo(Instant.ofEpochMilli(1_000_203));
    assertThat(mask.getLastScoredAt()).isEqualTo(Instant.ofEpochMilli(1_000_208));
    assertThat(mask.getStitchedAt()).isEqualTo(Instant.ofEpochMilli(5_000_000));
    assertThat(out.objects()).isEqualTo(new ObjectTable("cam", 3L, 6, 3, TileMaskFixtures.MODEL_ID,
        Instant.ofEpochMilli(1_000_003), List.of(
            new Cell(1, 3, 1.0, 0.0, new Region(0, 0, 3, 1), (float) (600 / (255.0 * 3))),
            new Cell(2, 2, 4.0, 1.5, new Region(4, 1, 1, 2), 1f))));
  }

  @Test
  void growsTheCellsOfABoundaryClassModelIntoTheirPredictedOutlines() {
    // Classes 0 background, 1 interior, 2 boundary: two interiors whose outlines touch at x=2.
    byte[] labels = {
        2, 2, 2, 2, 2, 0,
        2, 1, 2, 1, 2, 0,
        2, 2, 2, 2, 2, 0};
    FrameSignature signature = new FrameSignature(1, 1, 1, 6, 3, "unet-d4/in700/m92", 3, "m", "s");
    AssembledFrame frame = new AssembledFrame("cam", 4, signature, labels, new byte[18], 0, 0, 0, 0);

    Mask grown = new FrameStitcher(1, new InstanceOptions(Connectivity.FOUR, false, 2, 2, 0)).finish(frame, 0).mask();
    Mask interiors = new FrameStitcher(1, InstanceOptions.defaults()).finish(frame, 0).mask();

    // (2,0), (2,1) and (2,2) are as near to both interiors; the first in raster order takes them.
    assertThat(grown.getInstanceCount()).isEqualTo(2);
    assertThat(grown.getInstances()).isEqualTo(ByteBuffer.wrap(new byte[] {
        1, 0, 1, 0, 1, 0, 2, 0, 2, 0, 0, 0,
        1, 0, 1, 0, 1, 0, 2, 0, 2, 0, 0, 0,
        1, 0, 1, 0, 1, 0, 2, 0, 2, 0, 0, 0}));
    assertThat(interiors.getInstanceCount()).isEqualTo(2);
    assertThat(interiors.getInstances()).isEqualTo(ByteBuffer.wrap(new byte[] {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  }

  @Test
  void refusesAFrameWithMoreCellsThanUint16LabelsHold() {
    // Isolated pixels on every other row and column: 256 x 256 = 65536 cells.
    int size = 512;
    byte[] labels = new byte[size * size];
    for (int y = 0; y < size; y += 2) {
      for (int x = 0; x < size; x += 2) {
        labels[y * size + x] = 1;
      }
    }
    FrameSignature signature = new FrameSignature(1, 1, 1, size, size, "unet-d4/in700/m92", 2, "m", "s");
    AssembledFrame frame = new AssembledFrame("cam", 9, signature, labels, new byte[size * size], 0, 0, 0, 0);
    FrameStitcher stitcher = new FrameStitcher(1, new InstanceOptions(Connectivity.FOUR, false, 2));

    assertThatThrownBy(() -> stitcher.finish(frame, 0)).isInstanceOf(Rejection.class)
        .hasMessage("frame cam/9 has 65536 cells; uint16 instance labels hold at most 65535")
        .extracting(e -> ((Rejection) e).errorType()).isEqualTo(DeadLetterError.TOO_MANY_INSTANCES);
  }
}
