package dev.tessera.schemas;

import dev.tessera.records.PixelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pixel buffers as they travel in {@code Frame} and {@code Tile} records: row-major,
 * little-endian, UINT8, UINT16 or FLOAT32. Every stage reads and writes pixels through here.
 */
public final class Pixels {

  private Pixels() {}

  /** Bytes per pixel of {@code type}. */
  public static int bytesPerPixel(PixelType type) {
    return switch (type) {
      case UINT8 -> 1;
      case UINT16 -> 2;
      case FLOAT32 -> 4;
    };
  }

  /** Bytes needed by {@code width x height} pixels of {@code type}, without int overflow. */
  public static long expectedBytes(int width, int height, PixelType type) {
    return (long) width * height * bytesPerPixel(type);
  }

  /**
   * Checks that a buffer of {@code actualBytes} holds exactly {@code width x height} pixels of
   * {@code type}.
   *
   * @throws IllegalArgumentException naming the sizes, the type and both byte counts
   */
  public static void checkSize(int width, int height, PixelType type, long actualBytes) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("size " + width + "x" + height + " is not positive");
    }
    long expected = expectedBytes(width, height, type);
    if (expected != actualBytes) {
      throw new IllegalArgumentException(width + "x" + height + " " + type + " needs " + expected
          + " bytes of pixels, got " + actualBytes);
    }
  }

  /** A little-endian view of {@code buffer} from its position, leaving {@code buffer} untouched. */
  public static ByteBuffer view(ByteBuffer buffer) {
    return buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The value of pixel {@code index} (not byte offset) of a little-endian buffer, as a float. */
  public static float get(ByteBuffer le, PixelType type, int index) {
    return switch (type) {
      case UINT8 -> le.get(index) & 0xFF;
      case UINT16 -> le.getShort(2 * index) & 0xFFFF;
      case FLOAT32 -> le.getFloat(4 * index);
    };
  }

  /** Writes {@code value} as pixel {@code index} of a little-endian buffer (clamped, rounded for integers). */
  public static void put(ByteBuffer le, PixelType type, int index, float value) {
    switch (type) {
      case UINT8 -> le.put(index, (byte) clampRound(value, 255));
      case UINT16 -> le.putShort(2 * index, (short) clampRound(value, 65535));
      case FLOAT32 -> le.putFloat(4 * index, value);
    }
  }

  /** All pixels of a little-endian buffer as floats. */
  public static float[] toFloats(ByteBuffer pixels, PixelType type) {
    ByteBuffer le = view(pixels);
    int n = le.remaining() / bytesPerPixel(type);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = get(le, type, i);
    }
    return out;
  }

  /** Encodes floats as a little-endian buffer of {@code type}. */
  public static byte[] fromFloats(float[] values, PixelType type) {
    byte[] out = new byte[values.length * bytesPerPixel(type)];
    ByteBuffer le = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      put(le, type, i, values[i]);
    }
    return out;
  }

  /** Encodes unsigned 16-bit values (0..65535, given as ints) little-endian. */
  public static byte[] fromUint16(int[] values) {
    byte[] out = new byte[values.length * 2];
    ByteBuffer le = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      int v = values[i];
      if (v < 0 || v > 65535) {
        throw new IllegalArgumentException("value " + v + " at index " + i + " is outside UINT16 0..65535");
      }
      le.putShort(2 * i, (short) v);
    }
    return out;
  }

  /** Decodes little-endian unsigned 16-bit values. */
  public static int[] toUint16(ByteBuffer pixels) {
    ByteBuffer le = view(pixels);
    int[] out = new int[le.remaining() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = le.getShort(2 * i) & 0xFFFF;
    }
    return out;
  }

  /** Index of the first NaN or infinite value of a FLOAT32 buffer, or -1 when all are finite. */
  public static int firstNonFinite(ByteBuffer pixels) {
    ByteBuffer le = view(pixels);
    int n = le.remaining() / 4;
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(le.getFloat(4 * i))) {
        return i;
      }
    }
    return -1;
  }

  private static int clampRound(float value, int max) {
    if (!(value > 0)) {
      return 0; // also maps NaN to 0
    }
    return value >= max ? max : Math.round(value);
  }
}
