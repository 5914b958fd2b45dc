package dev.tessera.imaging.model;

import dev.tessera.imaging.instances.InstanceOptions;
import java.util.Locale;

/**
 * How a model's foreground is cut into cells, as its card recommends: connected components (a
 * model trained with the paper's weight map predicts the gaps between touching cells itself), or
 * the distance-transform watershed that splits touching round cells such as nuclei. The stitcher
 * and the launcher follow the card unless told otherwise.
 *
 * @param watershed whether touching cells are split
 * @param watershedH the valley depth in pixels a split must exceed
 */
public record CellSeparation(boolean watershed, double watershedH) {

  /** Connected components: what a card without the key means. */
  public static final CellSeparation COMPONENTS = new CellSeparation(false, InstanceOptions.DEFAULT_WATERSHED_H);

  public CellSeparation {
    if (!(watershedH >= 0) || Double.isInfinite(watershedH)) {
      throw new IllegalArgumentException("watershed h=" + watershedH + " must be a finite number of pixels, at least 0");
    }
  }

  /** The watershed with valley depth {@code h}. */
  public static CellSeparation watershed(double h) {
    return new CellSeparation(true, h);
  }

  /** {@code components} or {@code watershed h=2.0}. */
  public String format() {
    return watershed ? String.format(Locale.ROOT, "watershed h=%s", watershedH) : "components";
  }

  /**
   * Reads {@link #format()}'s text.
   *
   * @throws IllegalArgumentException naming the text and what is allowed
   */
  public static CellSeparation parse(String text) {
    String t = text.strip();
    if (t.equals("components")) {
      return COMPONENTS;
    }
    if (t.startsWith("watershed h=")) {
      try {
        return watershed(Double.parseDouble(t.substring("watershed h=".length())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("cell separation '" + text + "': h is not a number", e);
      }
    }
    throw new IllegalArgumentException("cell separation '" + text + "' is not 'components' or 'watershed h=<px>'");
  }
}
