package dev.tessera.trainer.metrics;

import dev.tessera.imaging.instances.ConnectedComponents;
import dev.tessera.imaging.instances.Connectivity;
import java.util.HashMap;
import java.util.Map;

/**
 * The ISBI 2012 Rand error, 1 - the foreground-restricted Rand F-score, exactly as DESIGN.md
 * section 7 defines it and as scikit-image computes {@code adapted_rand_error(truth, prediction,
 * ignore_labels=(0,))}: over the pixels where the truth is not 0, with contingency counts
 * {@code p_ij} (truth segment i, predicted segment j, predicted 0 counted as a segment),
 * {@code a_i = sum_j p_ij}, {@code b_j = sum_i p_ij}, n pixels:
 * {@code P = (sum p_ij^2 - n) / (sum b_j^2 - n)}, {@code R = (sum p_ij^2 - n) / (sum a_i^2 - n)},
 * error {@code = 1 - 2PR / (P + R)}. A ratio 0/0 (every segment a single pixel) counts as 1.
 * (scikit-image returns the same error; its tuple names the two ratios the other way round.)
 *
 * @param error 1 - F-score
 * @param precision P
 * @param recall R
 */
public record RandError(double error, double precision, double recall) {

  /**
   * Rand error of binary masks (true = cell interior): both are labelled by 4-connected
   * components first, boundary = 0.
   */
  public static RandError ofMasks(boolean[] truth, boolean[] prediction, int width, int height) {
    PixelMetrics.checkSameSize(truth, prediction);
    return ofLabels(ConnectedComponents.label(truth, width, height, Connectivity.FOUR).labels(),
        ConnectedComponents.label(prediction, width, height, Connectivity.FOUR).labels());
  }

  /** Rand error of two label images (0 in the truth = ignored, 0 in the prediction = one segment). */
  public static RandError ofLabels(int[] truth, int[] prediction) {
    if (truth.length != prediction.length) {
      throw new IllegalArgumentException("truth has " + truth.length + " pixels, prediction " + prediction.length);
    }
    Map<Long, long[]> joint = new HashMap<>();
    Map<Integer, long[]> a = new HashMap<>();
    Map<Integer, long[]> b = new HashMap<>();
    long n = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] == 0) {
        continue;
      }
      n++;
      joint.computeIfAbsent(((long) truth[i] << 32) | (prediction[i] & 0xFFFFFFFFL), k -> new long[1])[0]++;
      a.computeIfAbsent(truth[i], k -> new long[1])[0]++;
      b.computeIfAbsent(prediction[i], k -> new long[1])[0]++;
    }
    double sumP = sumOfSquares(joint.values()) - n;
    double sumA = sumOfSquares(a.values()) - n;
    double sumB = sumOfSquares(b.values()) - n;
    double precision = ratio(sumP, sumB);
    double recall = ratio(sumP, sumA);
    double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new RandError(1 - f, precision, recall);
  }

  private static double ratio(double num, double den) {
    return den == 0 ? 1 : num / den;
  }

  private static double sumOfSquares(Iterable<long[]> counts) {
    double s = 0;
    for (long[] c : counts) {
      s += (double) c[0] * c[0];
    }
    return s;
  }
}
