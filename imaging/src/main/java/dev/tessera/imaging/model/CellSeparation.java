package dev.tessera.imaging.model;

import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a model's foreground is cut into cells, as its card recommends: connected components (a
 * model trained with the paper's weight map predicts the gaps between touching cells itself), the
 * distance-transform watershed that splits touching round cells such as nuclei, and for a model
 * with a {@code boundary} class (background / interior / boundary targets) the interior's cells
 * grown into the boundary pixels around them; then cells smaller than a minimum area are dropped.
 * The stitcher and the launcher follow the card unless told otherwise.
 *
 * @param watershed whether touching cells are split
 * @param watershedH the valley depth in pixels a split must exceed
 * @param boundary whether the cells found in the foreground class are grown into the pixels of the
 *     model's {@code boundary} class ({@link ModelCard#boundaryClass()})
 * @param minArea the fewest pixels a cell may have (0: every cell is kept)
 */
public record CellSeparation(boolean watershed, double watershedH, boolean boundary, int minArea) {

  /** Connected components: what a card without the key means. */
  public static final CellSeparation COMPONENTS =
      new CellSeparation(false, InstanceOptions.DEFAULT_WATERSHED_H, false, 0);

  /** The interior's connected components grown into the boundary class. */
  public static final CellSeparation BOUNDARY = new CellSeparation(false, InstanceOptions.DEFAULT_WATERSHED_H, true, 0);

  private static final String BOUNDARY_TEXT = "boundary";
  private static final String WATERSHED_TEXT = "watershed h=";
  private static final String MIN_AREA_TEXT = "min-area=";

  public CellSeparation {
    if (!(watershedH >= 0) || Double.isInfinite(watershedH)) {
      throw new IllegalArgumentException("watershed h=" + watershedH + " must be a finite number of pixels, at least 0");
    }
    if (minArea < 0) {
      throw new IllegalArgumentException("min-area=" + minArea + " must be a number of pixels, at least 0");
    }
  }

  /** The watershed with valley depth {@code h}. */
  public static CellSeparation watershed(double h) {
    return new CellSeparation(true, h, false, 0);
  }

  /** This separation with the watershed turned on (valley depth {@code h}) or off; the rest stays. */
  public CellSeparation withWatershed(boolean on, double h) {
    return new CellSeparation(on, h, boundary, minArea);
  }

  /** This separation dropping cells of fewer than {@code pixels} pixels; the rest stays. */
  public CellSeparation withMinArea(int pixels) {
    return new CellSeparation(watershed, watershedH, boundary, pixels);
  }

  /**
   * The stitcher's options for this separation.
   *
   * @param boundaryClass the model's boundary class ({@link ModelCard#boundaryClass()}), used when
   *     {@link #boundary()}
   */
  public InstanceOptions options(Connectivity connectivity, int boundaryClass) {
    return new InstanceOptions(connectivity, watershed, watershedH, boundary ? boundaryClass : InstanceOptions.NO_CLASS,
        minArea);
  }

  /**
   * {@code components} or {@code watershed h=2.0}, after {@code boundary, } for a boundary model,
   * followed by {@code , min-area=30} when small cells are dropped; a boundary model's plain
   * components are {@code boundary}.
   */
  public String format() {
    List<String> parts = new ArrayList<>();
    if (boundary) {
      parts.add(BOUNDARY_TEXT);
    }
    if (watershed) {
      parts.add(String.format(Locale.ROOT, WATERSHED_TEXT + "%s", watershedH));
    } else if (!boundary) {
      parts.add("components");
    }
    if (minArea > 0) {
      parts.add(MIN_AREA_TEXT + minArea);
    }
    return String.join(", ", parts);
  }

  /** In words, for reports: how cells are found. */
  public String describe() {
    String of = boundary ? "the foreground class, grown into the boundary class" : "the foreground";
    String cells = watershed ? "the cells of " + of + ", split by the stitcher's distance-transform watershed (h "
        + watershedH + " px)" : "the 4-connected components of " + of;
    return minArea > 0 ? cells + ", without cells under " + minArea + " px" : cells;
  }

  /**
   * Reads {@link #format()}'s text.
   *
   * @throws IllegalArgumentException naming the text and what is allowed
   */
  public static CellSeparation parse(String text) {
    boolean boundary = false;
    boolean watershed = false;
    boolean components = false;
    double h = InstanceOptions.DEFAULT_WATERSHED_H;
    int minArea = 0;
    for (String raw : text.split(",", -1)) {
      String part = raw.strip();
      if (part.equals(BOUNDARY_TEXT) && !boundary && !watershed && !components) {
        boundary = true;
      } else if (part.equals("components") && !watershed && !components) {
        components = true;
      } else if (part.startsWith(WATERSHED_TEXT) && !watershed && !components) {
        watershed = true;
        h = number(text, part.substring(WATERSHED_TEXT.length()), "h");
      } else if (part.startsWith(MIN_AREA_TEXT) && minArea == 0) {
        double area = number(text, part.substring(MIN_AREA_TEXT.length()), "min-area");
        if (area != Math.rint(area) || area < 1 || area > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("cell separation '" + text + "': min-area is not a whole number of"
              + " pixels, at least 1");
        }
        minArea = (int) area;
      } else {
        throw new IllegalArgumentException("cell separation '" + text + "' is not 'components', 'watershed h=<px>',"
            + " 'boundary' or 'boundary, watershed h=<px>', each optionally followed by ', min-area=<px>'");
      }
    }
    if (!boundary && !watershed && !components) {
      throw new IllegalArgumentException("cell separation '" + text + "' names neither components, a watershed nor"
          + " a boundary class");
    }
    return new CellSeparation(watershed, h, boundary, minArea);
  }

  private static double number(String text, String value, String name) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cell separation '" + text + "': " + name + " is not a number", e);
    }
  }
}
