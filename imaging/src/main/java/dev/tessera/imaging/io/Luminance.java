package dev.tessera.imaging.io;

/**
 * RGB to grey with the ITU-R BT.601 luma weights Y = 0.299 R + 0.587 G + 0.114 B, applied to the
 * stored sample values (no gamma decoding), in 16.16 fixed point and rounded half up:
 * {@code (19595 R + 38470 G + 7471 B + 32768) >> 16}.
 *
 * <p>Why BT.601 rather than BT.709 (0.2126, 0.7152, 0.0722): it is what ImageJ/Fiji's weighted
 * RGB conversion and Pillow's {@code convert("L")} use, so a frame Tessera ingests from an RGB file
 * equals, pixel for pixel, the grey image a microscopist would get from their usual tools (Pillow
 * uses these exact integer weights). The weights sum to 65536, so white stays white and a grey
 * pixel (R = G = B) keeps its value exactly. Alpha is ignored: microscopy images are opaque, and
 * premultiplying would darken pixels for no physical reason.
 */
public final class Luminance {

  public static final int WEIGHT_R = 19595;
  public static final int WEIGHT_G = 38470;
  public static final int WEIGHT_B = 7471;

  private Luminance() {}

  /** The grey value of one RGB pixel, for samples of any width up to 16 bits. */
  public static int of(int r, int g, int b) {
    // long: 65535 * 65536 overflows an int for 16-bit samples.
    return (int) (((long) WEIGHT_R * r + (long) WEIGHT_G * g + (long) WEIGHT_B * b + 32768L) >> 16);
  }
}
