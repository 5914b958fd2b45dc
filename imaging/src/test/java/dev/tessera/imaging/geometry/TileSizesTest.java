package dev.tessera.imaging.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TileSizesTest {

  private static final UNetGeometry DEPTH_4 = new UNetGeometry(4);

  @Test
  void givesA512FrameOne700TileRatherThanFour572Tiles() {
    TilePlan plan = TileSizes.choose(DEPTH_4, 512, 512, 1084);

    assertThat(plan.inputSize()).isEqualTo(700);
    assertThat(plan.tileCount()).isEqualTo(1);
    assertThat(plan.computedInputPixels()).isEqualTo(490_000L);
  }

  @Test
  void findsFewerComputedPixelsThanThePapersTileEvenWithAMaximumOf572() {
    // 512x512 among 204..572: two by two 444 tiles (o=260, stride 256) compute 4 * 444^2 = 788,544
    // pixels; three by three needs a stride of 176 (364 tiles): 9 * 364^2 = 1,192,464; four 572
    // tiles compute 1,308,736.
    TilePlan plan = TileSizes.choose(DEPTH_4, 512, 512, 572);

    assertThat(plan.inputSize()).isEqualTo(444);
    assertThat(plan.tileCount()).isEqualTo(4);
    assertThat(plan.computedInputPixels()).isEqualTo(788_544L);
  }

  @Test
  void givesAOnePixelFrameTheSmallestTileThatCanTile() {
    // 188 is valid but its 4 outputs are narrower than the 16-pixel grid: 204 (20 outputs) is next.
    TilePlan plan = TileSizes.choose(DEPTH_4, 1, 1, 1084);

    assertThat(plan.inputSize()).isEqualTo(204);
    assertThat(plan.computedInputPixels()).isEqualTo(204L * 204);
  }

  @Test
  void pullsA4096FrameUpTo1020TilesBecause1004TilesNeedASixthColumn() {
    // 1004 -> o = 820, stride 816: 5 * 816 = 4080 < 4096, so 36 tiles = 36,288,576 pixels.
    // 1020 -> o = 836, stride 832: 5 * 832 = 4160 >= 4096, so 25 tiles = 26,010,000 pixels.
    // 876 -> stride 688, 6 by 6 = 36 tiles = 27,625,536 pixels. 1036 to 1084 also need 25 tiles,
    // of a larger side; 4 by 4 would need a stride of 1024, an input of 1212.
    TilePlan plan = TileSizes.choose(DEPTH_4, 4096, 4096, 1084);

    assertThat(TilePlan.of(DEPTH_4, 4096, 4096, 1004).tileCount()).isEqualTo(36);
    assertThat(plan.inputSize()).isEqualTo(1020);
    assertThat(plan.tileCount()).isEqualTo(25);
    assertThat(plan.computedInputPixels()).isEqualTo(26_010_000L);
  }

  @Test
  void breaksAnExactTieTowardTheSmallerTile() {
    // Depth 1 (margin 8, alignment 2, so the stride is the whole output), frame 199x193: ten by ten
    // 36-pixel tiles (o=20) and nine by nine 40-pixel tiles (o=24) both compute exactly 129,600
    // pixels, and no other size from 18 to 40 computes fewer (38: 10 by 9 * 38^2 = 129,960).
    UNetGeometry depth1 = new UNetGeometry(1);
    assertThat(TilePlan.of(depth1, 199, 193, 36).computedInputPixels()).isEqualTo(129_600L);
    assertThat(TilePlan.of(depth1, 199, 193, 40).computedInputPixels()).isEqualTo(129_600L);

    TilePlan plan = TileSizes.choose(depth1, 199, 193, 40);

    assertThat(plan.inputSize()).isEqualTo(36);
    assertThat(plan.tileCount()).isEqualTo(100);
  }

  @Test
  void namesTheSmallestInputThatCanTileWhenTheMaximumIsTooSmall() {
    String message = "No input size that can tile a frame with a depth-4 U-Net is at most %d: the smallest is 204"
        + " (minimumTilingInput: the smallest valid input whose output is at least 16 pixels wide)";

    assertThatThrownBy(() -> TileSizes.choose(DEPTH_4, 10, 10, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message, 100);
    // 188 is a valid input, but too small to tile.
    assertThatThrownBy(() -> TileSizes.choose(DEPTH_4, 10, 10, 203))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message, 203);
  }
}
