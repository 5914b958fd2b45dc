package dev.tessera.tiler.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Exact grids (DESIGN.md section 3) for a depth-4 U-Net: margin 92, 572 in, 388 out. */
class TilePlanTest {

  private static final UNetGeometry DEPTH_4 = new UNetGeometry(4);

  private static TilePlacement tile(int index, int column, int row, int inputX, int inputY, int inputSize,
      int ownX, int ownY, int ownW, int ownH, int offsetX, int offsetY) {
    return new TilePlacement(index, column, row, inputX, inputY, inputSize, new Rect(ownX, ownY, ownW, ownH),
        offsetX, offsetY);
  }

  @Test
  void coversAOnePixelFrameWithOneTileReachingIntoTheMirror() {
    TilePlan plan = TilePlan.of(DEPTH_4, 1, 1, 572);

    assertThat(plan.tiles()).containsExactly(tile(0, 0, 0, -92, -92, 572, 0, 0, 1, 1, 0, 0));
    assertThat(plan.computedInputPixels()).isEqualTo(572L * 572);
  }

  @Test
  void stacksTilesDownAOnePixelWideFrameAndPullsTheLastOneBackInside() {
    // Rows: ceil(1000/388) = 3; the third output starts at min(776, 1000-388) = 612 and owns
    // [776, 1000), so its owned rows begin 164 rows into its output.
    TilePlan plan = TilePlan.of(DEPTH_4, 1, 1000, 572);

    assertThat(plan.columns()).isEqualTo(1);
    assertThat(plan.rows()).isEqualTo(3);
    assertThat(plan.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 1, 388, 0, 0),
        tile(1, 0, 1, -92, 296, 572, 0, 388, 1, 388, 0, 0),
        tile(2, 0, 2, -92, 520, 572, 0, 776, 1, 224, 0, 164));
  }

  @Test
  void givesAFrameSmallerThanOneOutputASingleTileOwningAllOfIt() {
    TilePlan plan = TilePlan.of(DEPTH_4, 100, 50, 572);

    assertThat(plan.tiles()).containsExactly(tile(0, 0, 0, -92, -92, 572, 0, 0, 100, 50, 0, 0));
  }

  @Test
  void fitsAFrameOfExactlyOneOutputInOneTile() {
    TilePlan plan = TilePlan.of(DEPTH_4, 388, 388, 572);

    assertThat(plan.tiles()).containsExactly(tile(0, 0, 0, -92, -92, 572, 0, 0, 388, 388, 0, 0));
  }

  @Test
  void givesOneExtraColumnOfOnePixelToA389WideFrame() {
    // The second tile's output is pulled back to start at column 1 and owns only column 388,
    // which is column 387 of its output.
    TilePlan plan = TilePlan.of(DEPTH_4, 389, 388, 572);

    assertThat(plan.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 388, 388, 0, 0),
        tile(1, 1, 0, -91, -92, 572, 388, 0, 1, 388, 387, 0));
  }

  @Test
  void cutsA512FrameIntoFour572TilesOrOne700Tile() {
    TilePlan paper = TilePlan.of(DEPTH_4, 512, 512, 572);
    TilePlan adaptive = TilePlan.of(DEPTH_4, 512, 512, 700);

    assertThat(paper.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 388, 388, 0, 0),
        tile(1, 1, 0, 32, -92, 572, 388, 0, 124, 388, 264, 0),
        tile(2, 0, 1, -92, 32, 572, 0, 388, 388, 124, 0, 264),
        tile(3, 1, 1, 32, 32, 572, 388, 388, 124, 124, 264, 264));
    assertThat(adaptive.tiles()).containsExactly(tile(0, 0, 0, -92, -92, 700, 0, 0, 512, 512, 0, 0));
    assertThat(paper.redundancy()).isCloseTo(4.99, org.assertj.core.data.Offset.offset(0.005));
    assertThat(adaptive.redundancy()).isCloseTo(1.87, org.assertj.core.data.Offset.offset(0.005));
  }

  @Test
  void laysANonSquareFrameOutInRowMajorOrder() {
    TilePlan plan = TilePlan.of(DEPTH_4, 1000, 400, 572);

    assertThat(plan.columns()).isEqualTo(3);
    assertThat(plan.rows()).isEqualTo(2);
    assertThat(plan.tiles()).containsExactly(
        tile(0, 0, 0, -92, -92, 572, 0, 0, 388, 388, 0, 0),
        tile(1, 1, 0, 296, -92, 572, 388, 0, 388, 388, 0, 0),
        tile(2, 2, 0, 520, -92, 572, 776, 0, 224, 388, 164, 0),
        tile(3, 0, 1, -92, -80, 572, 0, 388, 388, 12, 0, 376),
        tile(4, 1, 1, 296, -80, 572, 388, 388, 388, 12, 0, 376),
        tile(5, 2, 1, 520, -80, 572, 776, 388, 224, 12, 164, 376));
  }

  @Test
  void refusesInputSizesTheNetworkDoesNotAccept() {
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 512, 512, 570)).hasMessageContaining("(nearest: 556 or 572)");
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 0, 5, 572)).hasMessageContaining("0x5 is not positive");
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 5, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TilePlan.of(DEPTH_4, 5, 5, 572).tile(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
