package dev.tessera.imaging.instances;

/**
 * Grows cells into the pixels of a boundary class: a breadth-first flood from every cell at once,
 * so each boundary pixel joins the cell it is fewest steps from (through boundary pixels; on a tie,
 * the cell that reached it first in raster order of the flood), at most {@link #MAX_STEPS} steps
 * out. A model is trained on a one-pixel outline; what it predicts as boundary further out (halos
 * around bright debris, wide bands between crowded nuclei) belongs to no cell, and an unlimited
 * flood would give it to one. Boundary pixels no cell reaches stay background: a ring without
 * interior is not a cell.
 */
final class BoundaryGrowth {

  /** How far a cell grows into the boundary: the one-pixel outline it was trained on, and one pixel of blur. */
  static final int MAX_STEPS = 2;

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
    int levelEnd = tail;
    int steps = 0;
    for (int head = 0; head < tail; head++) {
      if (head == levelEnd) {
        if (++steps == MAX_STEPS) {
          break;
        }
        levelEnd = tail;
      }
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
