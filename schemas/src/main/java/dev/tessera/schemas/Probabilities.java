package dev.tessera.schemas;

/**
 * Quantization of probabilities to one byte, as they travel in {@code TileMask} and {@code Mask}:
 * {@code q = round(p * 255)}, so 0 and 1 are exact and the step is 1/255. The inference workers
 * quantize, the stitcher and every reader of masks dequantize through here.
 */
public final class Probabilities {

  private Probabilities() {}

  /** {@code round(p * 255)}, clamped to 0..255; NaN maps to 0. */
  public static byte quantize(float p) {
    if (!(p > 0f)) {
      return 0;
    }
    if (p >= 1f) {
      return (byte) 255;
    }
    return (byte) Math.round(p * 255f);
  }

  /** The probability a quantized byte stands for. */
  public static float dequantize(byte q) {
    return (q & 0xFF) / 255f;
  }

  /** The unsigned value 0..255 of a quantized byte. */
  public static int level(byte q) {
    return q & 0xFF;
  }
}
