package dev.tessera.trainer.metrics;

/**
 * Pixel-wise comparisons of a binary prediction with the truth (true = cell interior /
 * foreground): pixel error (DESIGN.md section 7), and IoU and Dice of the foreground.
 */
public final class PixelMetrics {

  private PixelMetrics() {}

  /** Fraction of pixels whose binary class differs. */
  public static double pixelError(boolean[] truth, boolean[] prediction) {
    checkSameSize(truth, prediction);
    long wrong = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] != prediction[i]) {
        wrong++;
      }
    }
    return (double) wrong / truth.length;
  }

  /** Intersection over union of the foregrounds; 1 when both are empty. */
  public static double iou(boolean[] truth, boolean[] prediction) {
    long[] c = counts(truth, prediction);
    long union = c[0] + c[1] + c[2];
    return union == 0 ? 1 : (double) c[0] / union;
  }

  /** Dice coefficient (F1 of pixels) of the foregrounds; 1 when both are empty. */
  public static double dice(boolean[] truth, boolean[] prediction) {
    long[] c = counts(truth, prediction);
    long total = 2 * c[0] + c[1] + c[2];
    return total == 0 ? 1 : 2.0 * c[0] / total;
  }

  /** {true positives, false positives, false negatives}. */
  private static long[] counts(boolean[] truth, boolean[] prediction) {
    checkSameSize(truth, prediction);
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] && prediction[i]) {
        tp++;
      } else if (prediction[i]) {
        fp++;
      } else if (truth[i]) {
        fn++;
      }
    }
    return new long[] {tp, fp, fn};
  }

  static void checkSameSize(boolean[] truth, boolean[] prediction) {
    if (truth.length != prediction.length || truth.length == 0) {
      throw new IllegalArgumentException("truth (" + truth.length + " pixels) and prediction (" + prediction.length
          + " pixels) must be non-empty and of the same size");
    }
  }
}
