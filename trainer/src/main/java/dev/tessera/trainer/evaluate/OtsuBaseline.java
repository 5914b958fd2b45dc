package dev.tessera.trainer.evaluate;

import dev.tessera.trainer.image.Filters;

/**
 * The trivial baseline a trained model has to beat: a Gaussian blur, then one global threshold
 * chosen by Otsu's method (the threshold that maximizes the between-class variance of a 256-bin
 * histogram), bright = foreground. Cells are then labelled as for a model's foreground.
 */
public final class OtsuBaseline {

  /** The blur of the baseline, in pixels (standard deviation). */
  public static final double DEFAULT_SIGMA = 2.0;

  private static final int BINS = 256;

  private OtsuBaseline() {}

  /** The foreground of {@code image} (any intensity scale): blurred by {@code sigma}, above Otsu's threshold. */
  public static boolean[] foreground(float[] image, int width, int height, double sigma) {
    float[] blurred = Filters.gaussian(image, width, height, sigma);
    double threshold = threshold(blurred);
    boolean[] fg = new boolean[blurred.length];
    for (int i = 0; i < fg.length; i++) {
      fg[i] = blurred[i] >= threshold;
    }
    return fg;
  }

  /** Otsu's threshold of {@code values}: the lower edge of the first bin of the bright class. */
  static double threshold(float[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (!(max > min)) {
      return Double.POSITIVE_INFINITY; // a flat image: nothing is foreground
    }
    double binWidth = (max - min) / BINS;
    long[] histogram = new long[BINS];
    for (float v : values) {
      histogram[Math.min(BINS - 1, (int) ((v - min) / binWidth))]++;
    }
    double total = values.length;
    double sumAll = 0;
    for (int b = 0; b < BINS; b++) {
      sumAll += b * (double) histogram[b];
    }
    double weightDark = 0;
    double sumDark = 0;
    double best = -1;
    int bestBin = 0;
    for (int b = 0; b < BINS - 1; b++) {
      weightDark += histogram[b];
      sumDark += b * (double) histogram[b];
      double weightBright = total - weightDark;
      if (weightDark == 0 || weightBright == 0) {
        continue;
      }
      double meanDark = sumDark / weightDark;
      double meanBright = (sumAll - sumDark) / weightBright;
      double between = weightDark * weightBright * (meanDark - meanBright) * (meanDark - meanBright);
      if (between > best) {
        best = between;
        bestBin = b;
      }
    }
    return min + (bestBin + 1) * binWidth;
  }
}
