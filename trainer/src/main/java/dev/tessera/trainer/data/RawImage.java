package dev.tessera.trainer.data;

import dev.tessera.imaging.io.Bilevel;
import dev.tessera.imaging.io.ImagePage;
import dev.tessera.imaging.io.ImageStack;
import dev.tessera.imaging.io.UnsupportedImageException;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

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

  /**
   * The first page of a PNG or TIFF file, read by {@link ImageStack} as every stage reads frames:
   * grey as it is, RGB(A) and palettes as their luminance, 2- and 4-bit grey stretched to 8 bits
   * and 1-bit masks read as 0 and 255 ({@link Bilevel#AS_0_AND_255}), so "foreground = 255" means
   * the same whatever the file's bit depth.
   *
   * @throws IOException naming the file when it cannot be read or holds samples the trainer does
   *     not take, 32-bit float among them
   */
  public static RawImage read(Path file) throws IOException {
    try (ImageStack stack = ImageStack.open(file, Bilevel.AS_0_AND_255)) {
      if (stack.info(0).pixelType() == PixelType.FLOAT32) {
        throw new UnsupportedImageException(stack.source(), "32-bit float images are not supported for training;"
            + " the trainer takes 8/16-bit grey, RGB(A) or palette images (convert the image to 16-bit)");
      }
      ImagePage page = stack.read(0);
      byte[] pixels = page.pixels();
      int[] values;
      if (page.pixelType() == PixelType.UINT16) {
        values = Pixels.toUint16(ByteBuffer.wrap(pixels));
      } else {
        values = new int[pixels.length];
        for (int i = 0; i < values.length; i++) {
          values[i] = pixels[i] & 0xFF;
        }
      }
      return new RawImage(page.width(), page.height(), page.pixelType(), values);
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
