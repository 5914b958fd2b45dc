package dev.tessera.imaging.instances;

import java.util.Arrays;

/**
 * The exact Euclidean distance transform (Felzenszwalb and Huttenlocher, "Distance Transforms of
 * Sampled Functions", Theory of Computing 8, 2012): the squared distance to the nearest feature
 * pixel is the lower envelope of parabolas rooted at the feature pixels, computed along columns
 * and then rows, so it costs O(pixels) and is exact (no chamfer approximation). The stitcher's
 * watershed and the trainer's weight map both use it.
 */
public final class DistanceTransform {

  /** The squared distance reported where there is no feature pixel at all. */
  public static final double NO_FEATURE = Double.POSITIVE_INFINITY;

  /** Stands for "no feature pixel on this line yet"; large, but finite so the arithmetic stays defined. */
  private static final double FAR = 1e20;

  private DistanceTransform() {}

  /**
   * Squared Euclidean distance from every pixel to the nearest pixel where {@code feature} is true
   * (0 on feature pixels), or {@link #NO_FEATURE} everywhere when there is none. Pixels outside
   * the image are not features.
   */
  public static double[] squared(boolean[] feature, int width, int height) {
    ConnectedComponents.checkSize(feature.length, width, height);
    double[] d = new double[feature.length];
    boolean any = false;
    for (int i = 0; i < feature.length; i++) {
      d[i] = feature[i] ? 0 : FAR;
      any |= feature[i];
    }
    if (!any) {
      Arrays.fill(d, NO_FEATURE);
      return d;
    }
    int n = Math.max(width, height);
    double[] f = new double[n];
    double[] out = new double[n];
    int[] v = new int[n];
    double[] z = new double[n + 1];
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        f[y] = d[y * width + x];
      }
      lowerEnvelope(f, height, out, v, z);
      for (int y = 0; y < height; y++) {
        d[y * width + x] = out[y];
      }
    }
    for (int y = 0; y < height; y++) {
      System.arraycopy(d, y * width, f, 0, width);
      lowerEnvelope(f, width, out, v, z);
      System.arraycopy(out, 0, d, y * width, width);
    }
    return d;
  }

  /**
   * Distances to the nearest pixel where {@code mask} is zero. Background pixels get 0; when the
   * image has no background pixel at all every pixel gets {@link Float#POSITIVE_INFINITY}. Pixels
   * outside the image are not background: a cell cut by the frame border is not made thinner.
   */
  public static float[] euclidean(byte[] mask, int width, int height) {
    boolean[] background = new boolean[mask.length];
    for (int i = 0; i < mask.length; i++) {
      background[i] = mask[i] == 0;
    }
    double[] squared = squared(background, width, height);
    float[] out = new float[mask.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) Math.sqrt(squared[i]);
    }
    return out;
  }

  /** One-dimensional squared distance transform of {@code f[0..n)} into {@code d}. */
  private static void lowerEnvelope(double[] f, int n, double[] d, int[] v, double[] z) {
    int k = 0;
    v[0] = 0;
    z[0] = Double.NEGATIVE_INFINITY;
    z[1] = Double.POSITIVE_INFINITY;
    for (int q = 1; q < n; q++) {
      double s = intersection(f, q, v[k]);
      while (s <= z[k]) {
        k--;
        s = intersection(f, q, v[k]);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Double.POSITIVE_INFINITY;
    }
    k = 0;
    for (int q = 0; q < n; q++) {
      while (z[k + 1] < q) {
        k++;
      }
      double dq = q - v[k];
      d[q] = dq * dq + f[v[k]];
    }
  }

  /** Where the parabolas rooted at {@code q} and {@code p} intersect. */
  private static double intersection(double[] f, int q, int p) {
    return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
  }
}
