package dev.tessera.imaging.instances;

import java.util.Objects;

/**
 * How cells are found in the foreground.
 *
 * @param connectivity which pixels touch ({@link Connectivity#FOUR} by default)
 * @param watershed whether touching cells are split by {@link Watershed} (off by default: a
 *     model trained with the paper's weight map predicts the gaps between touching cells itself)
 * @param watershedH the valley depth in pixels a split must exceed, see {@link Watershed#split}
 */
public record InstanceOptions(Connectivity connectivity, boolean watershed, double watershedH) {

  /** The default valley depth: splits cells whose centres lie more than 2 px deeper than the neck between them. */
  public static final double DEFAULT_WATERSHED_H = 2.0;

  public InstanceOptions {
    Objects.requireNonNull(connectivity, "connectivity");
    if (!(watershedH >= 0) || Double.isInfinite(watershedH)) {
      throw new IllegalArgumentException("watershed-h=" + watershedH
          + " must be a finite number of pixels, at least 0");
    }
  }

  /** 4-connected components, no watershed. */
  public static InstanceOptions defaults() {
    return new InstanceOptions(Connectivity.FOUR, false, DEFAULT_WATERSHED_H);
  }

  /** Labels the cells of the pixels where {@code mask} is non-zero. */
  public Instances label(byte[] mask, int width, int height) {
    return watershed
        ? Watershed.split(mask, width, height, connectivity, watershedH)
        : ConnectedComponents.label(mask, width, height, connectivity);
  }

  /** Labels the cells of the pixels whose class label is {@code foregroundClass}. */
  public Instances labelClass(byte[] classLabels, int foregroundClass, int width, int height) {
    byte[] mask = new byte[classLabels.length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (classLabels[i] & 0xFF) == foregroundClass ? (byte) 1 : 0;
    }
    return label(mask, width, height);
  }
}
