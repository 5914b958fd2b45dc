package dev.tessera.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.model.testing.TestModels;
import dev.tessera.imaging.geometry.Mirror;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seamlessness at the inference level (DESIGN.md section 3): the pipeline's tiles, stitched,
 * equal one pass over the mirrored whole frame, for every frame size and every input size that
 * can tile.
 *
 * <p>A valid U-Net is shift-equivariant only for shifts that are multiples of {@code 2^depth}
 * (each max-pool halves the grid), so a tile equals the one-shot pass exactly when its output
 * origin is a multiple of {@code 2^depth}. {@link TilePlan} places every tile so, whatever the
 * frame size; {@link #aTileOnThePoolingGridEqualsOneShotEvenWhenItReachesIntoTheMirror()} and
 * {@link #aTileOffThePoolingGridComputesSomethingElse()} show the rule itself on single tiles.
 */
class FrameInferenceTest {

  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest(name = "depth {0}: a {1}x{2} frame, every input size that can tile")
  @CsvSource({
      // depth, frame W, frame H: one pixel, one pixel wide or high, smaller than a tile's output,
      // odd sizes, sizes that are not multiples of 2^depth or of any stride, many tiles.
      "1, 1, 1",
      "1, 1, 23",
      "1, 17, 9",
      "1, 30, 22",
      "2, 1, 1",
      "2, 5, 3",
      "2, 1, 41",
      "2, 21, 13",
      "2, 50, 38",
      "3, 1, 1",
      "3, 7, 1",
      "3, 37, 29",
      "3, 64, 17",
      "4, 1, 1",
      "4, 1, 75",
      "4, 19, 33",
      "4, 151, 89",
  })
  void stitchedTilesEqualOneShotInferenceForEveryInputSizeThatCanTile(int depth, int frameW, int frameH) {
    try (UNetModel model = TestModels.load(depth, 2, 2, depth * 1000L + frameW * 31L + frameH)) {
      UNetGeometry g = model.geometry();
      float[] frame = TestModels.randomFloats(frameW * frameH, frameW * 7L + frameH);
      float[] oneShot = FrameInference.oneShot(model, frame, frameW, frameH);

      // Every input size from the smallest that can tile up to the first whose single tile covers
      // the frame, and one more (a single tile reaching further into the mirror): larger sizes
      // only reach further still.
      int n = g.minimumTilingInput();
      boolean oneTileSeen = false;
      while (true) {
        TilePlan plan = TilePlan.of(g, frameW, frameH, n);
        float[] tiled = FrameInference.tiled(model, frame, plan);
        assertThat(tiled).hasSize(2 * frameW * frameH);
        assertThat(maxAbsDifference(tiled, oneShot)).as("input %d: %d tiles, stride %d", n, plan.tileCount(),
            plan.stride()).isLessThanOrEqualTo(TOLERANCE);
        if (oneTileSeen) {
          break;
        }
        oneTileSeen = plan.tileCount() == 1;
        n += g.modulus();
      }
      // The pipeline's own choice among those sizes stitches to the same.
      assertThat(maxAbsDifference(FrameInference.tiled(model, frame, frameW, frameH, n), oneShot))
          .as("chosen size up to %d", n).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void refusesAPlanForAnotherDepth() {
    try (UNetModel model = TestModels.load(2, 2, 2, 5)) {
      TilePlan depth3 = TilePlan.of(new UNetGeometry(3), 4, 4, 100);

      assertThatThrownBy(() -> FrameInference.tiled(model, new float[16], depth3))
          .hasMessage("a plan with margin 44 and alignment 8 does not fit a depth-2 model (margin 20, alignment 4)");
    }
  }

  @Test
  void aTileOnThePoolingGridEqualsOneShotEvenWhenItReachesIntoTheMirror() {
    // Output origin (20, 16): multiples of 2^2; the tile's output runs 2 and 6 pixels past the frame.
    assertThat(tileVersusOneShot(20, 16)).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void aTileOffThePoolingGridComputesSomethingElse() {
    // Output origin (18, 16): 18 is not a multiple of 2^2, so the poolings group other pixels.
    assertThat(tileVersusOneShot(18, 16)).isGreaterThan(1e-3);
  }

  /** Largest difference, inside a 30x26 frame, between a depth-2 tile with this output origin and one-shot inference. */
  private static double tileVersusOneShot(int outX, int outY) {
    int frameW = 30;
    int frameH = 26;
    try (UNetModel model = TestModels.load(2, 2, 2, 7)) {
      float[] frame = TestModels.randomFloats(frameW * frameH, 3);
      float[] oneShot = FrameInference.oneShot(model, frame, frameW, frameH);
      int n = 48;
      float[] tile = runTile(model, frame, frameW, frameH, outX, outY, n);
      return maxAbsDifferenceInFrame(tile, model.outputSize(n), outX, outY, oneShot, frameW, frameH);
    }
  }

  private static float[] runTile(UNetModel model, float[] frame, int w, int h, int outX, int outY, int n) {
    int m = model.geometry().margin();
    return model.predict(Mirror.cut(frame, w, h, outX - m, outY - m, n, n), 1, n, n);
  }

  private static double maxAbsDifferenceInFrame(float[] tile, int o, int outX, int outY, float[] oneShot, int w, int h) {
    double max = 0;
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < o && outY + y < h; y++) {
        for (int x = 0; x < o && outX + x < w; x++) {
          float a = tile[(c * o + y) * o + x];
          float b = oneShot[(c * h + outY + y) * w + outX + x];
          max = Math.max(max, Math.abs(a - b));
        }
      }
    }
    return max;
  }

  static double maxAbsDifference(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
