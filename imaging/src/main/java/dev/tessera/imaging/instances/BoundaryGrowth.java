package dev.tessera.imaging.instances;

/**
 * Grows cells into the pixels of a boundary class: a breadth-first flood from every cell at once,
 * so each boundary pixel joins the cell it is fewest steps from (through boundary pixels; on a tie,
 * the cell that reached it first in raster order of the flood). Boundary pixels no cell reaches stay
 * background: a ring without interior is not a cell.
 */
final class BoundaryGrowth {

  private BoundaryGrowth() {}

  /**
   * The cells grown into the pixels whose class label is {@code boundaryClass}, renumbered in
   * raster order ({@link Instances}).
   */
  static Instances grow(Instances cells, byte[] classLabels, int boundaryClass, Connectivity connectivity) {
    int width = cells.width();
    int height = cells.height();
    if (classLabels.length != width * height) {
      throw new IllegalArgumentException(classLabels.length + " class labels for a " + width + "x" + height
          + " frame");
    }
    int[] labels = cells.labels().clone();
    int[] queue = new int[labels.length];
    int tail = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0) {
        queue[tail++] = i;
      }
    }
    int[] neighbours = new int[connectivity.neighbours()];
    for (int head = 0; head < tail; head++) {
      int p = queue[head];
      int n = connectivity.neighbours(p % width, p / width, width, height, neighbours);
      for (int k = 0; k < n; k++) {
        int q = neighbours[k];
        if (labels[q] == 0 && (classLabels[q] & 0xFF) == boundaryClass) {
          labels[q] = labels[p];
          queue[tail++] = q;
        }
      }
    }
    return Instances.renumbered(width, height, labels, cells.count());
  }
}
