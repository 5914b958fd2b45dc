package dev.tessera.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.inference.TestModels;
import dev.tessera.tiler.geometry.Mirror;
import dev.tessera.tiler.geometry.TilePlan;
import dev.tessera.tiler.geometry.TileSizes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seamlessness at the inference level (DESIGN.md section 3): the pipeline's tiles, stitched,
 * equal one pass over the mirrored whole frame.
 *
 * <p>A valid U-Net is shift-equivariant only for shifts that are multiples of {@code 2^depth}
 * (each max-pool halves the grid), so a tile equals the one-shot pass exactly when its output
 * origin is a multiple of {@code 2^depth}. The cases below are frames and tile sizes for which
 * {@link TilePlan} places every tile so; {@link #aTileOffThePoolingGridComputesSomethingElse()}
 * shows why the others cannot be equal.
 */
class FrameInferenceTest {

  @ParameterizedTest(name = "depth {0}, width {1}: {2}x{3} frame, tiles up to {4}")
  @CsvSource({
      // depth, width, frame W, frame H, max input
      "1, 2, 30, 22, 20",
      "1, 3, 40, 18, 24",
      "2, 2, 48, 40, 48",
      "2, 3, 64, 36, 52",
      "2, 2, 21, 13, 200",
      "3, 2, 37, 29, 140",
      "4, 2, 150, 90, 400",
  })
  void stitchedTilesEqualOneShotInference(int depth, int width, int frameW, int frameH, int maxInput) {
    try (UNetModel model = TestModels.load(depth, width, 2, depth * 10L + width)) {
      float[] frame = TestModels.randomFloats(frameW * frameH, frameW);
      TilePlan plan = TileSizes.choose(model.geometry(), frameW, frameH, maxInput);

      float[] tiled = FrameInference.tiled(model, frame, frameW, frameH, maxInput);
      float[] oneShot = FrameInference.oneShot(model, frame, frameW, frameH);

      assertThat(tiled).hasSize(2 * frameW * frameH);
      assertThat(maxAbsDifference(tiled, oneShot)).as("%d tiles of %d", plan.tileCount(), plan.inputSize())
          .isLessThanOrEqualTo(1e-5);
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
