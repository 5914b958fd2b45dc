package dev.tessera.imaging.io;

import java.util.HashMap;
import java.util.Map;

/**
 * The ImageDescription ImageJ/Fiji writes ({@code ImageJ=1.54f}, then {@code key=value} lines):
 * its length unit (with the XResolution tag it gives the pixel width), the z spacing, and the
 * hyperstack layout, where channels vary fastest, then slices, then frames.
 */
final class ImageJDescription {

  /** Frame attribute holding the z step of an ImageJ stack, in micrometres. */
  static final String Z_SPACING_ATTRIBUTE = "source.z-spacing-microns";

  private ImageJDescription() {}

  static boolean isImageJ(String description) {
    return description != null && description.startsWith("ImageJ=");
  }

  /**
   * @param xResolution the TIFF XResolution (pixels per unit), or null
   */
  static StackMetadata parse(String description, Double xResolution, int pageCount) {
    Map<String, String> entries = new HashMap<>();
    for (String line : description.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        entries.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    String unit = entries.get("unit");
    Double pixelSize = xResolution == null || xResolution <= 0 ? null : LengthUnits.toMicrons(1.0 / xResolution, unit);
    Map<String, String> attributes = new HashMap<>();
    Double spacing = parseDouble(entries.get("spacing"));
    Double spacingMicrons = spacing == null ? null : LengthUnits.toMicrons(spacing, unit);
    if (spacingMicrons != null) {
      attributes.put(Z_SPACING_ATTRIBUTE, Double.toString(spacingMicrons));
    }
    int channels = parseInt(entries.get("channels"), 1);
    int slices = parseInt(entries.get("slices"), 1);
    int frames = parseInt(entries.get("frames"), 1);
    Map<Integer, PlaneIndex> planes = new HashMap<>();
    if ((long) channels * slices * frames == pageCount && pageCount > 1) {
      for (int page = 0; page < pageCount; page++) {
        int c = page % channels;
        int z = (page / channels) % slices;
        int t = page / (channels * slices);
        planes.put(page, new PlaneIndex(frames > 1 ? t : null, slices > 1 ? z : null, channels > 1 ? c : null));
      }
    }
    return new StackMetadata(ImageFormat.IMAGEJ_TIFF, pixelSize, Map.of(), planes, attributes);
  }

  private static Double parseDouble(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int parseInt(String s, int fallback) {
    if (s == null) {
      return fallback;
    }
    try {
      return Math.max(1, Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
