package dev.tessera.model.runtime;

/**
 * Test-time augmentation over the 8 symmetries of the square (4 rotations, each with and without a
 * mirror), as the U-Net paper's ISBI entry averaged its predictions: the frame is scored in each
 * orientation by {@link FrameInference#tiled}, each result turned back, and the 8 averaged. The
 * result is exactly equivariant: augmenting a rotated frame gives the rotated result. It costs 8
 * passes.
 */
public final class Flip8 {

  /** The number of orientations. */
  public static final int ORIENTATIONS = 8;

  private Flip8() {}

  /**
   * The mean of the 8 oriented predictions of a normalized frame, as {@link FrameInference#tiled}
   * returns them: {@code float[classes * height * width]}.
   */
  public static float[] tiled(UNetModel model, float[] normalizedFrame, int width, int height, int maxInput) {
    int classes = model.classCount();
    int plane = width * height;
    double[] sum = new double[classes * plane];
    for (int t = 0; t < ORIENTATIONS; t++) {
      Orientation o = new Orientation(t, width, height);
      float[] turned = new float[plane];
      for (int v = 0; v < o.height(); v++) {
        for (int u = 0; u < o.width(); u++) {
          turned[v * o.width() + u] = normalizedFrame[o.source(u, v)];
        }
      }
      float[] p = FrameInference.tiled(model, turned, o.width(), o.height(), maxInput);
      for (int c = 0; c < classes; c++) {
        for (int v = 0; v < o.height(); v++) {
          for (int u = 0; u < o.width(); u++) {
            sum[c * plane + o.source(u, v)] += p[c * plane + v * o.width() + u];
          }
        }
      }
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = (float) (sum[i] / ORIENTATIONS);
    }
    return mean;
  }

  /**
   * Orientation {@code t} (0..7) of a {@code frameWidth x frameHeight} frame: bit 0 mirrors x,
   * bit 1 mirrors y, bit 2 transposes (so the turned frame is {@code frameHeight} wide). 0 is the
   * identity.
   */
  public record Orientation(int t, int frameWidth, int frameHeight) {
    public Orientation {
      if (t < 0 || t >= ORIENTATIONS) {
        throw new IllegalArgumentException("orientation " + t + " is not in 0..7");
      }
    }

    public boolean transposed() {
      return (t & 4) != 0;
    }

    /** The turned frame's width. */
    public int width() {
      return transposed() ? frameHeight : frameWidth;
    }

    /** The turned frame's height. */
    public int height() {
      return transposed() ? frameWidth : frameHeight;
    }

    /** The index in the frame of the turned frame's pixel (u, v). */
    public int source(int u, int v) {
      int x = (t & 1) != 0 ? width() - 1 - u : u;
      int y = (t & 2) != 0 ? height() - 1 - v : v;
      return transposed() ? x * frameWidth + y : y * frameWidth + x;
    }
  }
}
