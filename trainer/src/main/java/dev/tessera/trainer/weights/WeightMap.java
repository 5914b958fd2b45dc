package dev.tessera.trainer.weights;

import dev.tessera.imaging.instances.DistanceTransform;
import java.util.Locale;

/**
 * The U-Net paper's loss weight map (Ronneberger et al. 2015, eq. 2):
 * {@code w(x) = w_c(x) + w0 * exp(-(d1(x) + d2(x))^2 / (2 sigma^2))}, where {@code w_c} balances
 * the class frequencies and {@code d1}, {@code d2} are the distances to the nearest and the
 * second-nearest cell. The border term is applied to background pixels, the narrow gaps between
 * touching cells the network must learn to keep open (the paper's figure 3d); inside a cell the
 * distance to the nearest cell is 0 and the term would only blur the cell's own weight.
 *
 * <p>Distances are exact ({@link DistanceTransform}). For speed each cell's distances are computed
 * in its bounding box grown by {@link #cutoff()}: beyond it {@code d1 + d2 > cutoff} and the border
 * term is below {@code 1e-6 * w0}, so it is left out there.
 *
 * @param w0 weight of the border term (the paper: 10)
 * @param sigma width of the border term in pixels (the paper: about 5)
 * @param balanceClasses whether {@code w_c} balances class frequencies (weight of class k =
 *     pixels of the most frequent class / pixels of class k), else {@code w_c = 1}
 */
public record WeightMap(double w0, double sigma, boolean balanceClasses) {

  /** The paper's values: w0 = 10, sigma = 5, balanced classes. */
  public static final WeightMap PAPER = new WeightMap(10, 5, true);

  private static final double NEGLIGIBLE = 1e-6;

  public WeightMap {
    if (!(w0 >= 0) || Double.isInfinite(w0)) {
      throw new IllegalArgumentException("w0 must be a finite number >= 0, was " + w0);
    }
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be a finite number > 0, was " + sigma);
    }
  }

  /** Beyond this sum of distances the border term is below {@code 1e-6 * w0}. */
  public double cutoff() {
    return sigma * Math.sqrt(2 * Math.log(1 / NEGLIGIBLE));
  }

  /**
   * The weight of every pixel.
   *
   * @param instances cell labels (0 = background, touching cells already separated), row-major
   * @param classes the training class of every pixel, 0..classCount-1, 0 = background
   * @param classCount number of classes
   */
  public float[] compute(int[] instances, int[] classes, int classCount, int width, int height) {
    int n = width * height;
    if (instances.length != n || classes.length != n) {
      throw new IllegalArgumentException("instances (" + instances.length + ") and classes (" + classes.length
          + ") must both have " + width + "x" + height + " pixels");
    }
    float[] w = classWeights(classes, classCount);
    if (w0 == 0) {
      return w;
    }
    double[] d1 = new double[n];
    double[] d2 = new double[n];
    java.util.Arrays.fill(d1, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(d2, Double.POSITIVE_INFINITY);
    int[][] boxes = boundingBoxes(instances, width, height);
    int grow = (int) Math.ceil(cutoff());
    for (int label = 1; label < boxes.length; label++) {
      int[] b = boxes[label];
      if (b == null) {
        continue;
      }
      int x0 = Math.max(0, b[0] - grow);
      int y0 = Math.max(0, b[1] - grow);
      int x1 = Math.min(width - 1, b[2] + grow);
      int y1 = Math.min(height - 1, b[3] + grow);
      int ww = x1 - x0 + 1;
      int wh = y1 - y0 + 1;
      boolean[] cell = new boolean[ww * wh];
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          cell[(y - y0) * ww + (x - x0)] = instances[y * width + x] == label;
        }
      }
      double[] d = DistanceTransform.squared(cell, ww, wh);
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          int p = y * width + x;
          double dist = Math.sqrt(d[(y - y0) * ww + (x - x0)]);
          if (dist < d1[p]) {
            d2[p] = d1[p];
            d1[p] = dist;
          } else if (dist < d2[p]) {
            d2[p] = dist;
          }
        }
      }
    }
    double twoSigma2 = 2 * sigma * sigma;
    for (int p = 0; p < n; p++) {
      if (classes[p] == 0 && d2[p] < Double.POSITIVE_INFINITY) {
        double s = d1[p] + d2[p];
        w[p] += (float) (w0 * Math.exp(-s * s / twoSigma2));
      }
    }
    return w;
  }

  /** {@code w_c} of every pixel. */
  public float[] classWeights(int[] classes, int classCount) {
    long[] counts = new long[classCount];
    for (int c : classes) {
      if (c < 0 || c >= classCount) {
        throw new IllegalArgumentException("class " + c + " is outside 0.." + (classCount - 1));
      }
      counts[c]++;
    }
    long max = java.util.Arrays.stream(counts).max().orElse(1);
    float[] perClass = new float[classCount];
    for (int c = 0; c < classCount; c++) {
      perClass[c] = balanceClasses && counts[c] > 0 ? (float) ((double) max / counts[c]) : 1f;
    }
    float[] w = new float[classes.length];
    for (int p = 0; p < classes.length; p++) {
      w[p] = perClass[classes[p]];
    }
    return w;
  }

  /** [label] -> {minX, minY, maxX, maxY}, null for absent labels. */
  private static int[][] boundingBoxes(int[] instances, int width, int height) {
    int max = 0;
    for (int v : instances) {
      if (v < 0) {
        throw new IllegalArgumentException("instance labels must be >= 0, found " + v);
      }
      max = Math.max(max, v);
    }
    int[][] boxes = new int[max + 1][];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = instances[y * width + x];
        if (v == 0) {
          continue;
        }
        int[] b = boxes[v];
        if (b == null) {
          boxes[v] = new int[] {x, y, x, y};
        } else {
          b[0] = Math.min(b[0], x);
          b[1] = Math.min(b[1], y);
          b[2] = Math.max(b[2], x);
          b[3] = Math.max(b[3], y);
        }
      }
    }
    return boxes;
  }

  /** Text form for run configs and model cards. */
  public String describe() {
    return String.format(Locale.ROOT, "w0=%s,sigma=%s,balanced=%s", w0, sigma, balanceClasses);
  }
}
