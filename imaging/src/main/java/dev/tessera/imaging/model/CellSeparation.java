package dev.tessera.imaging.model;

import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import java.util.Locale;

/**
 * How a model's foreground is cut into cells, as its card recommends: connected components (a
 * model trained with the paper's weight map predicts the gaps between touching cells itself), the
 * distance-transform watershed that splits touching round cells such as nuclei, and for a model
 * with a {@code boundary} class (background / interior / boundary targets) the interior's cells
 * grown into the boundary pixels around them. The stitcher and the launcher follow the card unless
 * told otherwise.
 *
 * @param watershed whether touching cells are split
 * @param watershedH the valley depth in pixels a split must exceed
 * @param boundary whether the cells found in the foreground class are grown into the pixels of the
 *     model's {@code boundary} class ({@link ModelCard#boundaryClass()})
 */
public record CellSeparation(boolean watershed, double watershedH, boolean boundary) {

  /** Connected components: what a card without the key means. */
  public static final CellSeparation COMPONENTS = new CellSeparation(false, InstanceOptions.DEFAULT_WATERSHED_H, false);

  /** The interior's connected components grown into the boundary class. */
  public static final CellSeparation BOUNDARY = new CellSeparation(false, InstanceOptions.DEFAULT_WATERSHED_H, true);

  private static final String BOUNDARY_TEXT = "boundary";

  public CellSeparation {
    if (!(watershedH >= 0) || Double.isInfinite(watershedH)) {
      throw new IllegalArgumentException("watershed h=" + watershedH + " must be a finite number of pixels, at least 0");
    }
  }

  /** The watershed with valley depth {@code h}. */
  public static CellSeparation watershed(double h) {
    return new CellSeparation(true, h, false);
  }

  /** This separation with the watershed turned on (valley depth {@code h}) or off; the boundary growth stays. */
  public CellSeparation withWatershed(boolean on, double h) {
    return new CellSeparation(on, h, boundary);
  }

  /**
   * The stitcher's options for this separation.
   *
   * @param boundaryClass the model's boundary class ({@link ModelCard#boundaryClass()}), used when
   *     {@link #boundary()}
   */
  public InstanceOptions options(Connectivity connectivity, int boundaryClass) {
    return new InstanceOptions(connectivity, watershed, watershedH, boundary ? boundaryClass : InstanceOptions.NO_CLASS);
  }

  /** {@code components}, {@code watershed h=2.0}, {@code boundary} or {@code boundary, watershed h=2.0}. */
  public String format() {
    String split = watershed ? String.format(Locale.ROOT, "watershed h=%s", watershedH) : "components";
    if (!boundary) {
      return split;
    }
    return watershed ? BOUNDARY_TEXT + ", " + split : BOUNDARY_TEXT;
  }

  /** In words, for reports: how cells are found. */
  public String describe() {
    String of = boundary ? "the foreground class, grown into the boundary class" : "the foreground";
    return watershed ? "the cells of " + of + ", split by the stitcher's distance-transform watershed (h "
        + watershedH + " px)" : "the 4-connected components of " + of;
  }

  /**
   * Reads {@link #format()}'s text.
   *
   * @throws IllegalArgumentException naming the text and what is allowed
   */
  public static CellSeparation parse(String text) {
    String t = text.strip();
    if (t.equals(BOUNDARY_TEXT)) {
      return BOUNDARY;
    }
    if (t.startsWith(BOUNDARY_TEXT + ",")) {
      CellSeparation rest = parseSplit(text, t.substring(BOUNDARY_TEXT.length() + 1).strip());
      return new CellSeparation(rest.watershed, rest.watershedH, true);
    }
    return parseSplit(text, t);
  }

  private static CellSeparation parseSplit(String text, String t) {
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
    throw new IllegalArgumentException("cell separation '" + text
        + "' is not 'components', 'watershed h=<px>', 'boundary' or 'boundary, watershed h=<px>'");
  }
}
