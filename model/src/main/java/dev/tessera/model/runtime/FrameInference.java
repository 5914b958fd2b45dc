package dev.tessera.model.runtime;

import dev.tessera.imaging.geometry.Mirror;
import dev.tessera.imaging.geometry.Rect;
import dev.tessera.imaging.geometry.TilePlacement;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.TileSizes;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.FloatBuffer;

/**
 * Whole-frame inference without Kafka, for the trainer's evaluation, the local mode and tests:
 * the same tiles, mirroring and owned regions as the pipeline ({@link TileSizes}, {@link
 * TilePlan}, {@link Mirror}), or one pass over the mirrored whole frame.
 *
 * <p>Both return {@code float[classes * height * width]}: class-major planes of the frame,
 * row-major, each pixel's probabilities as the network produced them (not quantized).
 */
public final class FrameInference {

  private FrameInference() {}

  /**
   * Scores a normalized frame tile by tile as the pipeline does: the tile size {@link
   * TileSizes#choose} picks for inputs of at most {@code maxInput}, each tile cut from the
   * mirrored frame, each tile's owned region copied into the result.
   */
  public static float[] tiled(UNetModel model, float[] normalizedFrame, int width, int height, int maxInput) {
    checkFrame(normalizedFrame, width, height);
    return tiled(model, normalizedFrame, TileSizes.choose(model.geometry(), width, height, maxInput));
  }

  /**
   * Scores a normalized frame with the tiles of {@code plan} (a fixed input size, as
   * {@code tessera.tiler.input-size} gives): each tile cut from the mirrored frame, each tile's
   * owned region copied into the result.
   */
  public static float[] tiled(UNetModel model, float[] normalizedFrame, TilePlan plan) {
    int width = plan.frameWidth();
    int height = plan.frameHeight();
    checkFrame(normalizedFrame, width, height);
    UNetGeometry g = model.geometry();
    if (plan.margin() != g.margin() || plan.alignment() != g.modulus()) {
      throw new IllegalArgumentException("a plan with margin " + plan.margin() + " and alignment " + plan.alignment()
          + " does not fit a depth-" + g.depth() + " model (margin " + g.margin() + ", alignment " + g.modulus() + ")");
    }
    int n = plan.inputSize();
    int o = plan.outputSize();
    int classes = model.classCount();
    float[] result = new float[classes * width * height];
    for (TilePlacement t : plan.tiles()) {
      float[] input = Mirror.cut(normalizedFrame, width, height, t.inputX(), t.inputY(), n, n);
      Rect owned = t.owned();
      model.run(1, n, n, in -> in.put(input), out -> {
        copyRegion(out, classes, o, o, t.ownedOffsetX(), t.ownedOffsetY(), owned, result, width, height);
        return null;
      });
    }
    return result;
  }

  /**
   * Scores a normalized frame in one pass: the frame mirror-padded to the smallest valid input
   * (per axis) whose output covers it, margins included, then the output cropped to the frame.
   * The input starts at frame pixel {@code (-m, -m)}, so the output starts at {@code (0, 0)}: on
   * the pooling grid, like every tile of a {@link TilePlan}, which is why tiles stitch to exactly
   * this.
   */
  public static float[] oneShot(UNetModel model, float[] normalizedFrame, int width, int height) {
    checkFrame(normalizedFrame, width, height);
    UNetGeometry g = model.geometry();
    int m = g.margin();
    int inW = smallestInputCovering(g, width);
    int inH = smallestInputCovering(g, height);
    float[] input = Mirror.cut(normalizedFrame, width, height, -m, -m, inW, inH);
    int classes = model.classCount();
    float[] result = new float[classes * width * height];
    Rect frame = new Rect(0, 0, width, height);
    model.run(1, inH, inW, in -> in.put(input), out -> {
      copyRegion(out, classes, g.outputSize(inH), g.outputSize(inW), 0, 0, frame, result, width, height);
      return null;
    });
    return result;
  }

  /** The smallest valid input side whose output is at least {@code size}. */
  public static int smallestInputCovering(UNetGeometry g, int size) {
    int n = g.minimumInput();
    while (g.outputSize(n) < size) {
      n += g.modulus();
    }
    return n;
  }

  /** Copies {@code region} of the frame from a network output whose pixel (offX, offY) is region's origin. */
  private static void copyRegion(FloatBuffer out, int classes, int outH, int outW, int offX, int offY, Rect region,
      float[] frame, int width, int height) {
    int plane = outH * outW;
    for (int c = 0; c < classes; c++) {
      for (int y = 0; y < region.height(); y++) {
        int src = c * plane + (offY + y) * outW + offX;
        int dst = c * width * height + (region.y() + y) * width + region.x();
        out.get(src, frame, dst, region.width());
      }
    }
  }

  private static void checkFrame(float[] frame, int width, int height) {
    if (width < 1 || height < 1 || frame.length != (long) width * height) {
      throw new IllegalArgumentException("a " + width + "x" + height + " frame needs " + (long) width * height
          + " pixels, got " + frame.length);
    }
  }
}
