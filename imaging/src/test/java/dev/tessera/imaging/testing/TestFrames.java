package dev.tessera.imaging.testing;

import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Random;

/** Frames for tests: deterministic random pixels of each type. */
public final class TestFrames {

  public static final Instant CAPTURED_AT = Instant.parse("2026-11-21T10:15:30.123Z");

  private TestFrames() {}

  /** A frame of random pixels (FLOAT32 values are finite, in [-1000, 1000)). */
  public static Frame random(String acquisition, long index, int width, int height, PixelType type, long seed) {
    Random random = new Random(seed);
    byte[] pixels;
    if (type == PixelType.FLOAT32) {
      float[] values = new float[width * height];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextFloat() * 2000 - 1000;
      }
      pixels = Pixels.fromFloats(values, type);
    } else {
      pixels = new byte[width * height * Pixels.bytesPerPixel(type)];
      random.nextBytes(pixels);
    }
    return frame(acquisition, index, width, height, type, pixels);
  }

  /** A frame with the given pixel bytes, which need not match the size. */
  public static Frame frame(String acquisition, long index, int width, int height, PixelType type, byte[] pixels) {
    return Frame.newBuilder()
        .setAcquisitionId(acquisition)
        .setFrameIndex(index)
        .setWidth(width)
        .setHeight(height)
        .setPixelType(type)
        .setPixels(ByteBuffer.wrap(pixels))
        .setCapturedAt(CAPTURED_AT)
        .build();
  }

  /** The frame's pixel bytes. */
  public static byte[] bytes(Frame frame) {
    return bytes(frame.getPixels());
  }

  /** numpy's "reflect": mirror about the first and last pixel, again and again, until inside. */
  public static int numpyReflect(int i, int size) {
    if (size == 1) {
      return 0;
    }
    int j = i;
    while (j < 0 || j >= size) {
      j = j < 0 ? -j : 2 * (size - 1) - j;
    }
    return j;
  }

  /** The reference tile: pixel (c, r) of the window is frame pixel (reflect(x0 + c), reflect(y0 + r)). */
  public static byte[] mirroredWindow(Frame frame, int x0, int y0, int n) {
    int w = frame.getWidth();
    int h = frame.getHeight();
    int bpp = Pixels.bytesPerPixel(frame.getPixelType());
    byte[] src = bytes(frame);
    byte[] out = new byte[n * n * bpp];
    for (int r = 0; r < n; r++) {
      int sy = numpyReflect(y0 + r, h);
      for (int c = 0; c < n; c++) {
        int sx = numpyReflect(x0 + c, w);
        System.arraycopy(src, (sy * w + sx) * bpp, out, (r * n + c) * bpp, bpp);
      }
    }
    return out;
  }

  /** The bytes of a buffer from its position, leaving it untouched. */
  public static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
