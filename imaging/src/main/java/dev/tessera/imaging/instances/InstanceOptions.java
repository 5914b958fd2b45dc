package dev.tessera.imaging.instances;

import java.util.Objects;

/**
 * How cells are found in the foreground.
 *
 * @param connectivity which pixels touch ({@link Connectivity#FOUR} by default)
 * @param watershed whether touching cells are split by {@link Watershed} (off by default: a
 *     model trained with the paper's weight map predicts the gaps between touching cells itself)
 * @param watershedH the valley depth in pixels a split must exceed, see {@link Watershed#split}
 * @param boundaryClass the class whose pixels the cells found in the foreground class are grown
 *     into ({@link BoundaryGrowth}), {@link #NO_CLASS} for none: a model trained on background /
 *     interior / boundary targets keeps touching cells apart by their predicted boundaries
 * @param minArea the fewest pixels a cell may have: smaller ones (specks of noise, fragments) are
 *     dropped, their pixels left without a cell; 0 keeps every cell
 */
public record InstanceOptions(Connectivity connectivity, boolean watershed, double watershedH, int boundaryClass,
    int minArea) {

  /** The default valley depth: splits cells whose centres lie more than 2 px deeper than the neck between them. */
  public static final double DEFAULT_WATERSHED_H = 2.0;

  /** No boundary class. */
  public static final int NO_CLASS = -1;

  public InstanceOptions {
    Objects.requireNonNull(connectivity, "connectivity");
    if (!(watershedH >= 0) || Double.isInfinite(watershedH)) {
      throw new IllegalArgumentException("watershed-h=" + watershedH
          + " must be a finite number of pixels, at least 0");
    }
    if (boundaryClass < NO_CLASS || boundaryClass > 255) {
      throw new IllegalArgumentException("boundary class " + boundaryClass + " is outside 0..255");
    }
    if (minArea < 0) {
      throw new IllegalArgumentException("min-cell-area=" + minArea + " must be a number of pixels, at least 0");
    }
  }

  /** Options without a boundary class, keeping every cell. */
  public InstanceOptions(Connectivity connectivity, boolean watershed, double watershedH) {
    this(connectivity, watershed, watershedH, NO_CLASS, 0);
  }

  /** For logs: {@code 4-connected cells split by watershed (h 2.0 px), grown into class 2, of at least 30 px}. */
  public String describe() {
    return connectivity.neighbours() + "-connected cells"
        + (watershed ? " split by watershed (h " + watershedH + " px)" : "")
        + (boundaryClass == NO_CLASS ? "" : ", grown into class " + boundaryClass)
        + (minArea > 0 ? ", of at least " + minArea + " px" : "");
  }

  /** 4-connected components, no watershed. */
  public static InstanceOptions defaults() {
    return new InstanceOptions(Connectivity.FOUR, false, DEFAULT_WATERSHED_H);
  }

  /** Labels the cells of the pixels where {@code mask} is non-zero. */
  public Instances label(byte[] mask, int width, int height) {
    return split(mask, width, height).withoutCellsBelow(minArea);
  }

  private Instances split(byte[] mask, int width, int height) {
    return watershed
        ? Watershed.split(mask, width, height, connectivity, watershedH)
        : ConnectedComponents.label(mask, width, height, connectivity);
  }

  /**
   * Labels the cells of the pixels whose class label is {@code foregroundClass}, then, with a
   * boundary class, grows each into the boundary pixels nearest to it.
   *
   * @throws IllegalArgumentException when the boundary class is the foreground class
   */
  public Instances labelClass(byte[] classLabels, int foregroundClass, int width, int height) {
    if (boundaryClass == foregroundClass) {
      throw new IllegalArgumentException("the boundary class " + boundaryClass + " is the foreground class");
    }
    byte[] mask = new byte[classLabels.length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (classLabels[i] & 0xFF) == foregroundClass ? (byte) 1 : 0;
    }
    Instances cells = split(mask, width, height);
    return (boundaryClass == NO_CLASS ? cells : BoundaryGrowth.grow(cells, classLabels, boundaryClass, connectivity))
        .withoutCellsBelow(minArea);
  }
}
