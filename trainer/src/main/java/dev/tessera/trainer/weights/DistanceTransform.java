package dev.tessera.trainer.weights;

/**
 * Exact Euclidean distance transform of Felzenszwalb and Huttenlocher ("Distance Transforms of
 * Sampled Functions", Theory of Computing 8, 2012): the squared distance to the nearest feature
 * pixel is the lower envelope of parabolas rooted at the feature pixels, computed along columns
 * and then rows in O(pixels).
 */
public final class DistanceTransform {

  /** The squared distance reported where there is no feature pixel at all. */
  public static final double NO_FEATURE = Double.POSITIVE_INFINITY;

  private static final double INF = 1e20;

  private DistanceTransform() {}

  /**
   * Squared Euclidean distance from every pixel to the nearest pixel where {@code feature} is true
   * (0 on feature pixels), or {@link #NO_FEATURE} everywhere when there is none.
   */
  public static double[] squared(boolean[] feature, int width, int height) {
    if ((long) width * height != feature.length) {
      throw new IllegalArgumentException(width + "x" + height + " does not match " + feature.length + " pixels");
    }
    double[] d = new double[feature.length];
    boolean any = false;
    for (int i = 0; i < feature.length; i++) {
      d[i] = feature[i] ? 0 : INF;
      any |= feature[i];
    }
    if (!any) {
      java.util.Arrays.fill(d, NO_FEATURE);
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
      transform1d(f, height, out, v, z);
      for (int y = 0; y < height; y++) {
        d[y * width + x] = out[y];
      }
    }
    for (int y = 0; y < height; y++) {
      System.arraycopy(d, y * width, f, 0, width);
      transform1d(f, width, out, v, z);
      System.arraycopy(out, 0, d, y * width, width);
    }
    return d;
  }

  /** Euclidean (not squared) distances. */
  public static double[] euclidean(boolean[] feature, int width, int height) {
    double[] d = squared(feature, width, height);
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.sqrt(d[i]);
    }
    return d;
  }

  /** The 1-D transform of f[0..n) into d: d(q) = min_p (q - p)^2 + f(p). */
  static void transform1d(double[] f, int n, double[] d, int[] v, double[] z) {
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

  private static double intersection(double[] f, int q, int p) {
    return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
  }
}
