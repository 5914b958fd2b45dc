package dev.tessera.imaging.io;

/** How a page's stored samples became the frame's grey pixels. */
public enum Conversion {
  /** Grey samples copied as they are (alpha, if any, ignored). */
  NONE("none"),
  /** RGB(A) samples converted to luminance with {@link Luminance}'s BT.601 weights. */
  RGB_LUMINANCE("rgb-bt601-luma"),
  /** Palette indices looked up, then converted to luminance with {@link Luminance}. */
  PALETTE_LUMINANCE("palette-bt601-luma");

  private final String label;

  Conversion(String label) {
    this.label = label;
  }

  /** As written in frame attributes. */
  public String label() {
    return label;
  }
}
