package dev.tessera.imaging.geometry;

/**
 * Mirroring at frame borders: reflection without repeating the edge pixel, as numpy's
 * {@code reflect} mode ({@code [a b c d]} continues as {@code c b | a b c d | c b a}), applied as
 * often as needed when a tile reaches further than the frame is wide.
 */
public final class Mirror {

  private Mirror() {}

  /** The frame coordinate whose value appears at coordinate {@code i} of the mirrored plane. */
  public static int reflect(int i, int size) {
    if (size == 1) {
      return 0;
    }
    int period = 2 * (size - 1);
    int r = Math.floorMod(i, period);
    return r < size ? r : period - r;
  }

  /** Reflected coordinates for {@code [start, start + length)}. */
  public static int[] reflectRange(int start, int length, int size) {
    int[] out = new int[length];
    for (int k = 0; k < length; k++) {
      out[k] = reflect(start + k, size);
    }
    return out;
  }

  /**
   * Cuts the square {@code [x0, x0+n) x [y0, y0+n)} out of a row-major frame of {@code width x
   * height} pixels of {@code bytesPerPixel} bytes each, mirroring outside the frame. Raw bytes
   * are copied, so any pixel type and byte order is preserved.
   */
  public static byte[] cut(byte[] frame, int width, int height, int bytesPerPixel, int x0, int y0, int n) {
    return cut(frame, 0, width, height, bytesPerPixel, x0, y0, n, n);
  }

  /**
   * Like {@link #cut(byte[], int, int, int, int, int, int)} for a {@code w x h} window of a frame
   * starting at {@code frameOffset} in {@code frame}.
   */
  public static byte[] cut(byte[] frame, int frameOffset, int width, int height, int bytesPerPixel,
      int x0, int y0, int w, int h) {
    int[] cols = reflectRange(x0, w, width);
    byte[] out = new byte[w * h * bytesPerPixel];
    int rowBytes = width * bytesPerPixel;
    // Window columns [insideFrom, insideTo) lie inside the frame and are copied in one piece per
    // row; only the mirrored columns on either side go pixel by pixel.
    int insideFrom = Math.min(Math.max(-x0, 0), w);
    int insideTo = Math.max(Math.min(width - x0, w), insideFrom);
    for (int r = 0; r < h; r++) {
      int src = frameOffset + reflect(y0 + r, height) * rowBytes;
      int o = r * w * bytesPerPixel;
      copyPixels(frame, src, cols, 0, insideFrom, out, o, bytesPerPixel);
      if (insideTo > insideFrom) {
        System.arraycopy(frame, src + (x0 + insideFrom) * bytesPerPixel, out, o + insideFrom * bytesPerPixel,
            (insideTo - insideFrom) * bytesPerPixel);
      }
      copyPixels(frame, src, cols, insideTo, w, out, o, bytesPerPixel);
    }
    return out;
  }

  private static void copyPixels(byte[] frame, int rowStart, int[] cols, int from, int to, byte[] out, int outRow,
      int bytesPerPixel) {
    for (int c = from; c < to; c++) {
      int s = rowStart + cols[c] * bytesPerPixel;
      int o = outRow + c * bytesPerPixel;
      for (int b = 0; b < bytesPerPixel; b++) {
        out[o + b] = frame[s + b];
      }
    }
  }

  /** Float version for training and whole-frame evaluation: a mirrored {@code w x h} window. */
  public static float[] cut(float[] frame, int width, int height, int x0, int y0, int w, int h) {
    int[] cols = reflectRange(x0, w, width);
    float[] out = new float[w * h];
    for (int r = 0; r < h; r++) {
      int src = reflect(y0 + r, height) * width;
      for (int c = 0; c < w; c++) {
        out[r * w + c] = frame[src + cols[c]];
      }
    }
    return out;
  }
}
