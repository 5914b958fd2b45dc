package dev.tessera.trainer.metrics;

import dev.tessera.imaging.instances.ConnectedComponents;
import dev.tessera.imaging.instances.Connectivity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * All metrics of DESIGN.md section 7 for one image, or their mean over images (rates averaged per
 * image, object counts summed).
 *
 * @param pixelError fraction of pixels with the wrong binary class
 * @param randError ISBI 2012 Rand error
 * @param iou foreground IoU
 * @param dice foreground Dice
 * @param f1 instance F1 at IoU 0.5 (predicted instances = 4-connected foreground components)
 * @param truePositives matched objects
 * @param falsePositives predicted objects without a match
 * @param falseNegatives true objects without a match
 * @param images images averaged
 */
public record Scores(double pixelError, double randError, double iou, double dice, double f1, int truePositives,
    int falsePositives, int falseNegatives, int images) {

  /** IoU a predicted object needs to count as found. */
  public static final double MATCH_IOU = 0.5;

  /**
   * Scores a predicted foreground against the truth.
   *
   * @param truthForeground the binary target (cell interior)
   * @param truthInstances the true cells (for F1)
   * @param predictedForeground the prediction
   */
  public static Scores of(boolean[] truthForeground, int[] truthInstances, boolean[] predictedForeground, int width,
      int height) {
    return of(truthForeground, truthInstances, predictedForeground,
        ConnectedComponents.label(predictedForeground, width, height, Connectivity.FOUR).labels(), width, height);
  }

  /**
   * Scores a prediction whose instances come from another post-processing than 4-connected
   * components (the stitcher's watershed): F1 counts {@code predictedInstances}; the Rand error
   * keeps DESIGN's definition, on the 4-connected components of the predicted foreground.
   */
  public static Scores of(boolean[] truthForeground, int[] truthInstances, boolean[] predictedForeground,
      int[] predictedInstances, int width, int height) {
    int[] predicted = ConnectedComponents.label(predictedForeground, width, height, Connectivity.FOUR).labels();
    InstanceMatching m = InstanceMatching.match(truthInstances, predictedInstances, MATCH_IOU);
    return new Scores(PixelMetrics.pixelError(truthForeground, predictedForeground),
        RandError.ofLabels(ConnectedComponents.label(truthForeground, width, height, Connectivity.FOUR).labels(), predicted)
            .error(),
        PixelMetrics.iou(truthForeground, predictedForeground), PixelMetrics.dice(truthForeground, predictedForeground),
        m.f1(), m.truePositives(), m.falsePositives(), m.falseNegatives(), 1);
  }

  /** The mean over images. */
  public static Scores mean(List<Scores> all) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no scores to average");
    }
    double pe = 0;
    double re = 0;
    double iou = 0;
    double dice = 0;
    double f1 = 0;
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int images = 0;
    for (Scores s : all) {
      pe += s.pixelError * s.images;
      re += s.randError * s.images;
      iou += s.iou * s.images;
      dice += s.dice * s.images;
      f1 += s.f1 * s.images;
      tp += s.truePositives;
      fp += s.falsePositives;
      fn += s.falseNegatives;
      images += s.images;
    }
    return new Scores(pe / images, re / images, iou / images, dice / images, f1 / images, tp, fp, fn, images);
  }

  /** Named values, for CSV, JSON and reports. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pixel_error", pixelError);
    m.put("rand_error", randError);
    m.put("iou", iou);
    m.put("dice", dice);
    m.put("f1_iou50", f1);
    m.put("true_positives", truePositives);
    m.put("false_positives", falsePositives);
    m.put("false_negatives", falseNegatives);
    m.put("images", images);
    return m;
  }

  /** A one-line JSON object of {@link #asMap()}. */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{");
    asMap().forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":")
        .append(v instanceof Double d ? String.format(Locale.ROOT, "%.6f", d) : v));
    return sb.append('}').toString();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "pixel error %.4f, Rand error %.4f, IoU %.4f, Dice %.4f, F1@0.5 %.4f"
        + " (TP %d, FP %d, FN %d, %d images)", pixelError, randError, iou, dice, f1, truePositives, falsePositives,
        falseNegatives, images);
  }
}
