package dev.tessera.trainer.data;

import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;
import java.nio.ByteBuffer;

/**
 * A single-channel image as read from a file, before normalization.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param type UINT8 or UINT16, the file's bit depth
 * @param values pixel values, row-major
 */
public record RawImage(int width, int height, PixelType type, int[] values) {

  public RawImage {
    if (width <= 0 || height <= 0 || (long) width * height != values.length) {
      throw new IllegalArgumentException(width + "x" + height + " does not match " + values.length + " values");
    }
    if (type == PixelType.FLOAT32) {
      throw new IllegalArgumentException("a raw image holds integer samples, not " + type);
    }
  }

  /** The values as little-endian bytes of {@link #type()}, the layout of a {@code Frame}. */
  public ByteBuffer littleEndian() {
    if (type == PixelType.UINT16) {
      return ByteBuffer.wrap(Pixels.fromUint16(values));
    }
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return ByteBuffer.wrap(b);
  }

  /** The values as floats. */
  public float[] floats() {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = values[i];
    }
    return f;
  }
}
