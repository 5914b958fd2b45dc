package dev.tessera.imaging.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Exact grids for a depth-4 U-Net (margin 92, alignment 16: 572 in, 388 out, stride 384) and one
 * depth-3 grid (margin 44, alignment 8). Every expected value is worked out by hand from the rule:
 * stride s = o rounded down to the alignment, tile c owns [c*s, min((c+1)*s, W)), its input
 * starts at c*s - m and its owned region at offset 0 of its output.
 */
class TilePlanTest {

  private static final UNetGeometry DEPTH_4 = new UNetGeometry(4);

  private static TilePlacement tile(int index, int column, int row, int inputX, int inputY, int inputSize,
      int ownX, int ownY, int ownW, int ownH) {
    return new TilePlacement(index, column, row, inputX, inputY, inputSize, new Rect(ownX, ownY, ownW, ownH), 0, 0);
  }

  @Test
  void advancesBy388RoundedDownTo384() {
    TilePlan plan = TilePlan.of(DEPTH_4, 1, 1, 572);

    assertThat(plan.outputSize()).isEqualTo(388);
    assertThat(plan.stride()).isEqualTo(384);
    assertThat(plan.alignment()).isEqualTo(16);
    assertThat(plan.margin()).isEqualTo(92);
    assertThat(TilePlan.of(DEPTH_4, 1, 1, 700).stride()).isEqualTo(512);
    assertThat(TilePlan.of(DEPTH_4, 1, 1, 204).stride()).isEqualTo(16);
  }

  @Test
  void coversAOnePixelFrameWithOneTileReachingIntoTheMirror() {
    TilePlan plan = TilePlan.of(DEPTH_4, 1, 1, 572);

    assertThat(plan.tiles()).containsExactly(tile(0, 0, 0, -92, -92, 572, 0, 0, 1, 1));
    assertThat(plan.computedInputPixels()).isEqualTo(572L * 572);
  }

  @Test
  void stacksTilesDownAOnePixelWideFrameAndLetsTheLastOneReachIntoTheMirror() {
    // Rows: ceil(1000/384) = 3 at 0, 384, 768; the third owns [768, 1000) and its output
    // [768, 1156) reaches 156 rows past the frame instead of being pulled back off the grid.
    TilePlan plan = TilePlan.of(DEPTH_4, 1, 1000, 572);

    assertThat(plan.columns()).isEqualTo(1);
    assertThat(plan.rows()).isEqualTo(3);
    assertThat(plan.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 1, 384),
        tile(1, 0, 1, -92, 292, 572, 0, 384, 1, 384),
        tile(2, 0, 2, -92, 676, 572, 0, 768, 1, 232));
  }

  @Test
  void givesAFrameSmallerThanOneStrideASingleTileOwningAllOfIt() {
    TilePlan plan = TilePlan.of(DEPTH_4, 100, 50, 572);

    assertThat(plan.tiles()).containsExactly(tile(0, 0, 0, -92, -92, 572, 0, 0, 100, 50));
  }

  @Test
  void fitsAFrameOfExactlyOneStrideInOneTile() {
    TilePlan plan = TilePlan.of(DEPTH_4, 384, 384, 572);

    assertThat(plan.tiles()).containsExactly(tile(0, 0, 0, -92, -92, 572, 0, 0, 384, 384));
  }

  @Test
  void needsFourTilesForAFrameOfExactlyOneOutputBecauseTheOutputIsOffTheGrid() {
    // 388 = 384 + 4: the second column and row start at 384 and own 4 pixels.
    TilePlan plan = TilePlan.of(DEPTH_4, 388, 388, 572);

    assertThat(plan.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 384, 384),
        tile(1, 1, 0, 292, -92, 572, 384, 0, 4, 384),
        tile(2, 0, 1, -92, 292, 572, 0, 384, 384, 4),
        tile(3, 1, 1, 292, 292, 572, 384, 384, 4, 4));
  }

  @Test
  void givesOneExtraColumnOfOnePixelToA385WideFrame() {
    TilePlan plan = TilePlan.of(DEPTH_4, 385, 384, 572);

    assertThat(plan.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 384, 384),
        tile(1, 1, 0, 292, -92, 572, 384, 0, 1, 384));
  }

  @Test
  void cutsA512FrameIntoFour572TilesOrOne700Tile() {
    TilePlan paper = TilePlan.of(DEPTH_4, 512, 512, 572);
    TilePlan adaptive = TilePlan.of(DEPTH_4, 512, 512, 700);

    assertThat(paper.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 384, 384),
        tile(1, 1, 0, 292, -92, 572, 384, 0, 128, 384),
        tile(2, 0, 1, -92, 292, 572, 0, 384, 384, 128),
        tile(3, 1, 1, 292, 292, 572, 384, 384, 128, 128));
    // 700 -> 516 outputs, stride 512: exactly the frame.
    assertThat(adaptive.tiles()).containsExactly(tile(0, 0, 0, -92, -92, 700, 0, 0, 512, 512));
    // 4 * 572^2 / 512^2 = 1,308,736 / 262,144 = 4.992; 700^2 / 512^2 = 490,000 / 262,144 = 1.869.
    assertThat(paper.computedInputPixels()).isEqualTo(1_308_736L);
    assertThat(adaptive.computedInputPixels()).isEqualTo(490_000L);
    assertThat(paper.redundancy()).isCloseTo(4.99, Offset.offset(0.005));
    assertThat(adaptive.redundancy()).isCloseTo(1.87, Offset.offset(0.005));
  }

  @Test
  void laysANonSquareFrameOutInRowMajorOrder() {
    // Columns ceil(1000/384) = 3 (the last owns 1000 - 768 = 232), rows ceil(400/384) = 2 (the
    // last owns 400 - 384 = 16).
    TilePlan plan = TilePlan.of(DEPTH_4, 1000, 400, 572);

    assertThat(plan.columns()).isEqualTo(3);
    assertThat(plan.rows()).isEqualTo(2);
    assertThat(plan.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 384, 384),
        tile(1, 1, 0, 292, -92, 572, 384, 0, 384, 384),
        tile(2, 2, 0, 676, -92, 572, 768, 0, 232, 384),
        tile(3, 0, 1, -92, 292, 572, 0, 384, 384, 16),
        tile(4, 1, 1, 292, 292, 572, 384, 384, 384, 16),
        tile(5, 2, 1, 676, 292, 572, 768, 384, 232, 16));
  }

  @Test
  void alignsADepthThreeGridToEightPixels() {
    // Depth 3: m = 44; input 100 gives 12 outputs, stride 8. A 20x9 frame: columns at 0, 8, 16
    // (owning 8, 8, 4), rows at 0, 8 (owning 8, 1); inputs start 44 before.
    TilePlan plan = TilePlan.of(new UNetGeometry(3), 20, 9, 100);

    assertThat(plan.outputSize()).isEqualTo(12);
    assertThat(plan.stride()).isEqualTo(8);
    assertThat(plan.tiles()).containsExactly(
        tile(0, 0, 0, -44, -44, 100, 0, 0, 8, 8),
        tile(1, 1, 0, -36, -44, 100, 8, 0, 8, 8),
        tile(2, 2, 0, -28, -44, 100, 16, 0, 4, 8),
        tile(3, 0, 1, -44, -36, 100, 0, 8, 8, 1),
        tile(4, 1, 1, -36, -36, 100, 8, 8, 8, 1),
        tile(5, 2, 1, -28, -36, 100, 16, 8, 4, 1));
    assertThat(plan.computedInputPixels()).isEqualTo(6L * 100 * 100);
  }

  @Test
  void refusesInputSizesTheNetworkDoesNotAccept() {
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 512, 512, 570)).hasMessageContaining("(nearest: 556 or 572)");
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 0, 5, 572)).hasMessageContaining("0x5 is not positive");
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 5, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 5, 5, 572).tile(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void refusesAValidInputWhoseOutputIsNarrowerThanTheAlignment() {
    // 188 is the smallest depth-4 input, but its 4 outputs cannot advance on the 16-pixel grid.
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 5, 5, 188))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Input size 188 is too small to tile a frame with a depth-4 U-Net: its output is narrower"
            + " than the 16-pixel alignment; use at least 204");
    assertThatThrownBy(() -> new TilePlan(5, 5, 188, 92, 16))
        .hasMessage("input size 188 leaves 4 output pixels with margin 92, fewer than the alignment 16 seamless"
            + " tiling needs");
    assertThatThrownBy(() -> new TilePlan(5, 5, 572, 92, 0)).hasMessage("alignment 0 is not positive");
  }
}
