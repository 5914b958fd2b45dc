package dev.tessera.trainer.metrics;

import dev.tessera.imaging.instances.Hungarian;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Object-level agreement of two instance label images (0 = background): truth and predicted
 * objects are matched one-to-one so that the summed IoU of the matched pairs is maximal, among the
 * pairs whose IoU reaches the threshold; those matches are the true positives (DESIGN.md section
 * 7: F1 at IoU 0.5).
 *
 * @param threshold IoU a match needs
 * @param truthCount objects in the truth
 * @param predictedCount objects in the prediction
 * @param truePositives matched pairs
 * @param meanMatchedIou mean IoU of the matched pairs (0 when there are none)
 */
public record InstanceMatching(double threshold, int truthCount, int predictedCount, int truePositives,
    double meanMatchedIou) {

  public int falsePositives() {
    return predictedCount - truePositives;
  }

  public int falseNegatives() {
    return truthCount - truePositives;
  }

  /** 2 TP / (2 TP + FP + FN); 1 when both images are empty. */
  public double f1() {
    int denominator = 2 * truePositives + falsePositives() + falseNegatives();
    return denominator == 0 ? 1 : 2.0 * truePositives / denominator;
  }

  public double precision() {
    return predictedCount == 0 ? 1 : (double) truePositives / predictedCount;
  }

  public double recall() {
    return truthCount == 0 ? 1 : (double) truePositives / truthCount;
  }

  /** Matches {@code truth} and {@code prediction} at IoU {@code threshold} (at least 0.5 is usual). */
  public static InstanceMatching match(int[] truth, int[] prediction, double threshold) {
    if (truth.length != prediction.length) {
      throw new IllegalArgumentException("truth has " + truth.length + " pixels, prediction " + prediction.length);
    }
    Map<Integer, Long> truthArea = new TreeMap<>();
    Map<Integer, Long> predArea = new TreeMap<>();
    Map<Long, Long> overlap = new HashMap<>();
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i];
      int p = prediction[i];
      if (t != 0) {
        truthArea.merge(t, 1L, Long::sum);
      }
      if (p != 0) {
        predArea.merge(p, 1L, Long::sum);
      }
      if (t != 0 && p != 0) {
        overlap.merge(((long) t << 32) | (p & 0xFFFFFFFFL), 1L, Long::sum);
      }
    }
    // Only pairs reaching the threshold can match; the assignment runs on those objects alone.
    Map<Integer, Integer> rows = new HashMap<>();
    Map<Integer, Integer> cols = new HashMap<>();
    List<double[]> candidates = new ArrayList<>();
    for (Map.Entry<Long, Long> e : overlap.entrySet()) {
      int t = (int) (e.getKey() >>> 32);
      int p = (int) (long) e.getKey();
      long inter = e.getValue();
      double iou = (double) inter / (truthArea.get(t) + predArea.get(p) - inter);
      if (iou >= threshold) {
        int r = rows.computeIfAbsent(t, k -> rows.size());
        int c = cols.computeIfAbsent(p, k -> cols.size());
        candidates.add(new double[] {r, c, iou});
      }
    }
    double[][] score = new double[rows.size()][cols.size()];
    for (double[] cand : candidates) {
      score[(int) cand[0]][(int) cand[1]] = cand[2];
    }
    int[] assignment = Hungarian.maximise(score);
    int tp = 0;
    double iouSum = 0;
    for (int r = 0; r < assignment.length; r++) {
      if (assignment[r] >= 0 && score[r][assignment[r]] >= threshold) {
        tp++;
        iouSum += score[r][assignment[r]];
      }
    }
    return new InstanceMatching(threshold, truthArea.size(), predArea.size(), tp, tp == 0 ? 0 : iouSum / tp);
  }
}
