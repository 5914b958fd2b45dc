package dev.tessera.imaging.normalize;

import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;
import dev.tessera.imaging.model.NormalizationSpec;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Computes a frame's normalization: the network sees {@code (raw - offset) * scale}.
 *
 * <p>Percentiles follow numpy's default (linear interpolation between order statistics,
 * {@code np.percentile(x, q)}), as CSBDeep's {@code normalize(x, 1, 99.8)} does. Integer frames
 * use an exact histogram (O(pixels), no sort); FLOAT32 frames are sorted. A flat frame (both
 * percentiles equal) gets scale 1 so it maps to zeros rather than dividing by zero.
 */
public final class Normalizer {

  private Normalizer() {}

  /** The normalization of {@code pixels} (little-endian, {@code type}) under {@code spec}. */
  public static Normalization compute(NormalizationSpec spec, ByteBuffer pixels, PixelType type) {
    if (spec instanceof NormalizationSpec.Percentile p) {
      double[] v = percentiles(pixels, type, p.low(), p.high());
      double span = v[1] - v[0];
      return new Normalization(spec.format(), v[0], span > 0 ? 1.0 / span : 1.0);
    }
    return switch (type) {
      case UINT8 -> new Normalization(spec.format(), 0.0, 1.0 / 255);
      case UINT16 -> new Normalization(spec.format(), 0.0, 1.0 / 65535);
      case FLOAT32 -> new Normalization(spec.format(), 0.0, 1.0);
    };
  }

  /**
   * A whole frame as the network sees it: {@code (raw - offset) * scale} in double, stored as
   * float, exactly as the inference workers fill each tile's input ({@link #applyInto}).
   */
  public static float[] apply(Normalization n, ByteBuffer pixels, PixelType type) {
    float[] values = new float[pixels.remaining() / Pixels.bytesPerPixel(type)];
    applyInto(n, pixels, type, FloatBuffer.wrap(values), 0);
    return values;
  }

  /**
   * Writes the normalized pixels, {@code (raw - offset) * scale} computed in double and stored as
   * float, into {@code dst} from its absolute index {@code start}: one float per pixel of
   * {@code pixels} (little-endian {@code type}, from its position; neither buffer's position
   * moves). The inference workers fill their direct input buffers tile by tile through here, so
   * the loops are specialised per pixel type.
   */
  public static void applyInto(Normalization n, ByteBuffer pixels, PixelType type, FloatBuffer dst, int start) {
    ByteBuffer le = Pixels.view(pixels);
    double offset = n.getOffset();
    double scale = n.getScale();
    int count = le.remaining() / Pixels.bytesPerPixel(type);
    switch (type) {
      case UINT8 -> {
        for (int i = 0; i < count; i++) {
          dst.put(start + i, (float) (((le.get(i) & 0xFF) - offset) * scale));
        }
      }
      case UINT16 -> {
        for (int i = 0; i < count; i++) {
          dst.put(start + i, (float) (((le.getShort(2 * i) & 0xFFFF) - offset) * scale));
        }
      }
      case FLOAT32 -> {
        for (int i = 0; i < count; i++) {
          dst.put(start + i, (float) ((le.getFloat(4 * i) - offset) * scale));
        }
      }
    }
  }

  /** The {@code low} and {@code high} percentiles (0..100) of the pixel values. */
  public static double[] percentiles(ByteBuffer pixels, PixelType type, double low, double high) {
    ByteBuffer le = Pixels.view(pixels);
    int n = le.remaining() / Pixels.bytesPerPixel(type);
    if (n == 0) {
      throw new IllegalArgumentException("cannot normalize a frame without pixels");
    }
    if (type == PixelType.FLOAT32) {
      float[] sorted = Pixels.toFloats(le, type);
      Arrays.sort(sorted);
      return new double[] {interpolate(sorted, low), interpolate(sorted, high)};
    }
    int levels = type == PixelType.UINT8 ? 256 : 65536;
    long[] histogram = new long[levels];
    for (int i = 0; i < n; i++) {
      histogram[(int) Pixels.get(le, type, i)]++;
    }
    return new double[] {fromHistogram(histogram, n, low), fromHistogram(histogram, n, high)};
  }

  private static double interpolate(float[] sorted, double q) {
    double rank = q / 100.0 * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    // In double: the float difference of two large values of opposite sign overflows to infinity.
    double a = sorted[lo];
    double b = sorted[hi];
    return a + (rank - lo) * (b - a);
  }

  private static double fromHistogram(long[] histogram, int n, double q) {
    double rank = q / 100.0 * (n - 1);
    long lo = (long) Math.floor(rank);
    int vLo = valueAtRank(histogram, lo);
    int vHi = valueAtRank(histogram, Math.min(lo + 1, n - 1));
    return vLo + (rank - lo) * (vHi - vLo);
  }

  /** The value of the order statistic of 0-based {@code rank}. */
  private static int valueAtRank(long[] histogram, long rank) {
    long seen = 0;
    for (int v = 0; v < histogram.length; v++) {
      seen += histogram[v];
      if (seen > rank) {
        return v;
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond " + seen + " pixels");
  }
}
