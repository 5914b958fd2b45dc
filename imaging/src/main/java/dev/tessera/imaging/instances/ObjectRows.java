package dev.tessera.imaging.instances;

import dev.tessera.records.Cell;
import dev.tessera.records.Region;
import java.util.ArrayList;
import java.util.List;

/**
 * The object-table rows of a label image: per cell its area, centroid, bounding box and mean
 * foreground probability. The centroid is the mean pixel coordinate, with pixel {@code (x, y)}
 * counted at {@code (x, y)} (its top-left corner is at {@code (x - 0.5, y - 0.5)}), as
 * scikit-image's {@code regionprops} does.
 */
public final class ObjectRows {

  private ObjectRows() {}

  /**
   * One row per label 1..count, in label order.
   *
   * @param foreground the quantized foreground probability, uint8 per pixel
   */
  public static List<Cell> of(Instances instances, byte[] foreground) {
    int[] labels = instances.labels();
    if (foreground.length != labels.length) {
      throw new IllegalArgumentException(foreground.length + " probabilities for " + labels.length + " labels");
    }
    int k = instances.count();
    int width = instances.width();
    long[] area = new long[k + 1];
    long[] sumX = new long[k + 1];
    long[] sumY = new long[k + 1];
    long[] sumLevels = new long[k + 1];
    int[] minX = new int[k + 1];
    int[] minY = new int[k + 1];
    int[] maxX = new int[k + 1];
    int[] maxY = new int[k + 1];
    java.util.Arrays.fill(minX, Integer.MAX_VALUE);
    java.util.Arrays.fill(minY, Integer.MAX_VALUE);
    java.util.Arrays.fill(maxX, -1);
    java.util.Arrays.fill(maxY, -1);
    for (int i = 0; i < labels.length; i++) {
      int l = labels[i];
      if (l == 0) {
        continue;
      }
      int x = i % width;
      int y = i / width;
      area[l]++;
      sumX[l] += x;
      sumY[l] += y;
      sumLevels[l] += foreground[i] & 0xFF;
      minX[l] = Math.min(minX[l], x);
      minY[l] = Math.min(minY[l], y);
      maxX[l] = Math.max(maxX[l], x);
      maxY[l] = Math.max(maxY[l], y);
    }
    List<Cell> cells = new ArrayList<>(k);
    for (int l = 1; l <= k; l++) {
      cells.add(Cell.newBuilder()
          .setLabel(l)
          .setArea((int) area[l])
          .setCentroidX((double) sumX[l] / area[l])
          .setCentroidY((double) sumY[l] / area[l])
          .setBoundingBox(new Region(minX[l], minY[l], maxX[l] - minX[l] + 1, maxY[l] - minY[l] + 1))
          .setMeanProbability((float) (sumLevels[l] / (255.0 * area[l])))
          .build());
    }
    return cells;
  }
}
