package dev.tessera.trainer.data;

import dev.tessera.records.PixelType;
import java.util.Arrays;

/**
 * How a label image is read: {@link Binary} masks (one value, or any non-zero value, marks the
 * cell interior; ISBI 2012 marks interior 255 and membrane 0) or {@link Instances} (each cell its
 * own value, 0 = background; DSB2018 style, usually 16-bit).
 */
public sealed interface LabelFormat {

  /** Marker for "any non-zero value" in {@link Binary}. */
  int ANY_NON_ZERO = -1;

  /**
   * A binary mask.
   *
   * @param foregroundValue the value that marks cell interior, or {@link #ANY_NON_ZERO}
   */
  record Binary(int foregroundValue) implements LabelFormat {
    /** Whether a label value is cell interior. */
    public boolean isForeground(int value) {
      return foregroundValue == ANY_NON_ZERO ? value != 0 : value == foregroundValue;
    }
  }

  /** An instance label map. */
  record Instances() implements LabelFormat {}

  /** Decided per file by {@link #resolve(RawImage)}. */
  record Auto() implements LabelFormat {}

  /**
   * The format of {@code labels} when this is {@link Auto}: 16-bit files and files with more than
   * two distinct values are instance maps, others binary masks with any non-zero value as cell.
   */
  default LabelFormat resolve(RawImage labels) {
    if (!(this instanceof Auto)) {
      return this;
    }
    if (labels.type() == PixelType.UINT16) {
      return new Instances();
    }
    long distinct = Arrays.stream(labels.values()).distinct().limit(3).count();
    return distinct > 2 ? new Instances() : new Binary(ANY_NON_ZERO);
  }

  /**
   * Parses {@code auto}, {@code instances}, {@code binary} (any non-zero value is cell) or
   * {@code binary:V} (value V is cell, e.g. {@code binary:255} for ISBI 2012).
   */
  static LabelFormat parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.equals("auto")) {
      return new Auto();
    }
    if (t.equals("instances")) {
      return new Instances();
    }
    if (t.equals("binary")) {
      return new Binary(ANY_NON_ZERO);
    }
    if (t.startsWith("binary:")) {
      try {
        int v = Integer.parseInt(t.substring("binary:".length()).strip());
        if (v >= 0 && v <= 65535) {
          return new Binary(v);
        }
      } catch (NumberFormatException e) {
        // fall through to the message
      }
    }
    throw new IllegalArgumentException("Label format '" + text
        + "' is not understood: use auto, instances, binary or binary:VALUE (e.g. binary:255)");
  }

  /** The text form. */
  default String format() {
    if (this instanceof Binary b) {
      return b.foregroundValue() == ANY_NON_ZERO ? "binary" : "binary:" + b.foregroundValue();
    }
    return this instanceof Instances ? "instances" : "auto";
  }
}
