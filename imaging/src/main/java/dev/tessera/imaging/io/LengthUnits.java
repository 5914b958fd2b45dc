package dev.tessera.imaging.io;

import java.util.Locale;
import java.util.Map;

/** Converts lengths written with the unit names of OME-XML, ImageJ and TIFF into micrometres. */
final class LengthUnits {

  private static final Map<String, Double> MICRONS_PER_UNIT = Map.ofEntries(
      Map.entry("m", 1e6), Map.entry("dm", 1e5), Map.entry("cm", 1e4), Map.entry("mm", 1e3),
      Map.entry("µm", 1.0), Map.entry("μm", 1.0), Map.entry("um", 1.0), Map.entry("micron", 1.0),
      Map.entry("microns", 1.0), Map.entry("micrometer", 1.0), Map.entry("micrometre", 1.0),
      Map.entry("nm", 1e-3), Map.entry("pm", 1e-6), Map.entry("å", 1e-4), Map.entry("Å", 1e-4),
      Map.entry("angstrom", 1e-4), Map.entry("in", 25400.0), Map.entry("inch", 25400.0));

  private LengthUnits() {}

  /**
   * {@code value unit} in micrometres, or null when the unit is not a physical length Tessera
   * knows ({@code pixel}, {@code reference frame}, empty) or the value is not a positive number.
   */
  static Double toMicrons(double value, String unit) {
    if (unit == null || !(value > 0) || !Double.isFinite(value)) {
      return null;
    }
    // ImageJ writes the micro sign as the six characters \u00B5 in some versions.
    String u = unit.strip().replace("\\u00B5", "µ").replace("\\u03BC", "μ");
    // U+212B (ANGSTROM SIGN) and U+00C5 are both used for ångström.
    u = u.replace('\u212B', 'Å');
    Double factor = MICRONS_PER_UNIT.get(u);
    if (factor == null) {
      factor = MICRONS_PER_UNIT.get(u.toLowerCase(Locale.ROOT));
    }
    return factor == null ? null : value * factor;
  }
}
