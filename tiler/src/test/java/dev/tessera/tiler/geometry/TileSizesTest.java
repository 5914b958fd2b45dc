package dev.tessera.tiler.geometry;

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
    // 512x512 among 188..572: four 444 tiles (o=260) compute 788,544 pixels, four 572 tiles 1,308,736.
    TilePlan plan = TileSizes.choose(DEPTH_4, 512, 512, 572);

    assertThat(plan.inputSize()).isEqualTo(444);
    assertThat(plan.tileCount()).isEqualTo(4);
    assertThat(plan.computedInputPixels()).isEqualTo(788_544L);
  }

  @Test
  void givesAOnePixelFrameTheSmallestTile() {
    assertThat(TileSizes.choose(DEPTH_4, 1, 1, 1084).inputSize()).isEqualTo(188);
  }

  @Test
  void breaksAnExactTieTowardTheSmallerTile() {
    // Depth 1 (margin 8), frame 199x193: ten by ten 36-pixel tiles (o=20) and nine by nine 40-pixel
    // tiles (o=24) both compute exactly 129,600 pixels, and no other size up to 40 computes fewer.
    UNetGeometry depth1 = new UNetGeometry(1);
    assertThat(TilePlan.of(depth1, 199, 193, 36).computedInputPixels()).isEqualTo(129_600L);
    assertThat(TilePlan.of(depth1, 199, 193, 40).computedInputPixels()).isEqualTo(129_600L);

    TilePlan plan = TileSizes.choose(depth1, 199, 193, 40);

    assertThat(plan.inputSize()).isEqualTo(36);
    assertThat(plan.tileCount()).isEqualTo(100);
  }

  @Test
  void namesTheSmallestValidInputWhenTheMaximumIsTooSmall() {
    assertThatThrownBy(() -> TileSizes.choose(DEPTH_4, 10, 10, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No valid input size of a depth-4 U-Net is at most 100: the smallest is 188");
  }
}
