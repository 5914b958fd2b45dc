package dev.tessera.imaging.model;

import java.util.Locale;

/**
 * How a frame's raw intensities are mapped to the network's input, written in the model card as
 * {@code percentile:1.0,99.8} (CSBDeep's default: the low percentile goes to 0, the high one to
 * 1) or {@code range} (the pixel type's fixed range goes to [0, 1]; FLOAT32 frames are taken as
 * they are).
 */
public sealed interface NormalizationSpec {

  /** The text form stored in the model card. */
  String format();

  /** Percentile normalization between {@code low} and {@code high} percent. */
  record Percentile(double low, double high) implements NormalizationSpec {
    public Percentile {
      if (!(low >= 0 && low < high && high <= 100)) {
        throw new IllegalArgumentException(
            "percentile normalization needs 0 <= low < high <= 100, got " + low + "," + high);
      }
    }

    @Override
    public String format() {
      return String.format(Locale.ROOT, "percentile:%s,%s", low, high);
    }
  }

  /** The pixel type's fixed range. */
  record Range() implements NormalizationSpec {
    @Override
    public String format() {
      return "range";
    }
  }

  /** The default: percentiles 1 and 99.8. */
  static NormalizationSpec defaults() {
    return new Percentile(1.0, 99.8);
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  static NormalizationSpec parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.equals("range")) {
      return new Range();
    }
    if (t.startsWith("percentile:")) {
      String[] parts = t.substring("percentile:".length()).split(",");
      if (parts.length == 2) {
        try {
          return new Percentile(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
        } catch (NumberFormatException e) {
          // fall through to the message below
        }
      }
    }
    throw new IllegalArgumentException("Normalization '" + text
        + "' is not understood: use 'range' or 'percentile:LOW,HIGH' (e.g. percentile:1.0,99.8)");
  }
}
