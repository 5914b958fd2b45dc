package dev.tessera.stitcher.instances;

/**
 * The exact Euclidean distance transform (Felzenszwalb and Huttenlocher, "Distance Transforms of
 * Sampled Functions", 2012): for every foreground pixel, the distance to the nearest background
 * pixel, computed as the lower envelope of parabolas along columns and then rows, so it costs
 * O(pixels) and is exact (no chamfer approximation).
 */
public final class DistanceTransform {

  /** Stands for "no background pixel on this line yet"; large, but finite so the arithmetic stays defined. */
  private static final double FAR = 1e20;

  private DistanceTransform() {}

  /**
   * Distances to the nearest pixel where {@code mask} is zero. Background pixels get 0; when the
   * image has no background pixel at all every pixel gets {@link Float#POSITIVE_INFINITY}. Pixels
   * outside the image are not background: a cell cut by the frame border is not made thinner.
   */
  public static float[] euclidean(byte[] mask, int width, int height) {
    ConnectedComponents.checkSize(mask.length, width, height);
    int n = Math.max(width, height);
    double[] f = new double[n];
    double[] d = new double[n];
    int[] v = new int[n];
    double[] z = new double[n + 1];
    double[] squared = new double[mask.length];
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        f[y] = mask[y * width + x] == 0 ? 0 : FAR;
      }
      lowerEnvelope(f, height, d, v, z);
      for (int y = 0; y < height; y++) {
        squared[y * width + x] = d[y];
      }
    }
    float[] out = new float[mask.length];
    for (int y = 0; y < height; y++) {
      System.arraycopy(squared, y * width, f, 0, width);
      lowerEnvelope(f, width, d, v, z);
      for (int x = 0; x < width; x++) {
        out[y * width + x] = d[x] >= FAR / 2 ? Float.POSITIVE_INFINITY : (float) Math.sqrt(d[x]);
      }
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
