package dev.tessera.imaging.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;
import dev.tessera.imaging.model.NormalizationSpec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Percentiles as numpy computes them ({@code np.percentile(x, q)}, linear interpolation): the
 * expected values below were computed by hand and checked with numpy 1.x/2.x.
 */
class NormalizerTest {

  private static final NormalizationSpec CSBDEEP = NormalizationSpec.defaults();

  @Test
  void computesUint8PercentilesAsNumpyDoes() {
    // np.percentile([0, 10, 20, 30, 40], [1, 99.8]) = [0.4, 39.92]
    ByteBuffer pixels = ByteBuffer.wrap(new byte[] {30, 0, 40, 10, 20});

    Normalization n = Normalizer.compute(CSBDEEP, pixels, PixelType.UINT8);

    assertThat(n.getKind()).isEqualTo("percentile:1.0,99.8");
    assertThat(n.getOffset()).isCloseTo(0.4, within(1e-12));
    assertThat(n.getScale()).isCloseTo(1 / (39.92 - 0.4), within(1e-12));
  }

  @Test
  void computesUint16PercentilesAcrossTheWholeSixteenBitRange() {
    // np.percentile([1000, 3, 65535, 7], [1, 99.8]) = [3.12, 65147.79]
    ByteBuffer pixels = ByteBuffer.wrap(Pixels.fromUint16(new int[] {1000, 3, 65535, 7}));

    double[] p = Normalizer.percentiles(pixels, PixelType.UINT16, 1, 99.8);

    assertThat(p[0]).isCloseTo(3.12, within(1e-9));
    assertThat(p[1]).isCloseTo(1000 + 0.994 * 64535, within(1e-9));
  }

  @Test
  void computesFloat32PercentilesIncludingNegativeValues() {
    // np.percentile(np.float32([-1.5, 2.0, 0.25]), [1, 99.8]) = [-1.465, 1.993]
    ByteBuffer pixels = ByteBuffer.wrap(Pixels.fromFloats(new float[] {-1.5f, 2.0f, 0.25f}, PixelType.FLOAT32));

    double[] p = Normalizer.percentiles(pixels, PixelType.FLOAT32, 1, 99.8);

    assertThat(p[0]).isCloseTo(-1.465, within(1e-9));
    assertThat(p[1]).isCloseTo(1.993, within(1e-9));
  }

  @Test
  void interpolatesBetweenHugeFloatsOfOppositeSignWithoutOverflowing() {
    float low = -3e38f;
    float high = 3e38f;
    ByteBuffer pixels = ByteBuffer.wrap(Pixels.fromFloats(new float[] {high, low}, PixelType.FLOAT32));

    double[] p = Normalizer.percentiles(pixels, PixelType.FLOAT32, 1, 99.8);

    assertThat(p[0]).isCloseTo((double) low + 0.01 * ((double) high - low), within(1e30));
    assertThat(p[1]).isCloseTo((double) low + 0.998 * ((double) high - low), within(1e30));
  }

  @Test
  void givesAOnePixelFrameThatPixelAsBothPercentiles() {
    double[] p = Normalizer.percentiles(ByteBuffer.wrap(new byte[] {(byte) 200}), PixelType.UINT8, 1, 99.8);

    assertThat(p).containsExactly(200, 200);
  }

  @Test
  void mapsAFlatFrameToZerosInsteadOfDividingByZero() {
    for (PixelType type : PixelType.values()) {
      float[] values = new float[64];
      Arrays.fill(values, 7);
      Normalization n = Normalizer.compute(CSBDEEP, ByteBuffer.wrap(Pixels.fromFloats(values, type)), type);

      assertThat(n.getOffset()).as("%s offset", type).isEqualTo(7.0);
      assertThat(n.getScale()).as("%s scale", type).isEqualTo(1.0);
    }
  }

  @Test
  void usesThePixelTypesFixedRangeWhenAskedFor() {
    NormalizationSpec range = new NormalizationSpec.Range();
    ByteBuffer any = ByteBuffer.wrap(new byte[8]);

    assertThat(Normalizer.compute(range, any, PixelType.UINT8))
        .isEqualTo(new Normalization("range", 0.0, 1.0 / 255));
    assertThat(Normalizer.compute(range, any, PixelType.UINT16))
        .isEqualTo(new Normalization("range", 0.0, 1.0 / 65535));
    assertThat(Normalizer.compute(range, any, PixelType.FLOAT32))
        .isEqualTo(new Normalization("range", 0.0, 1.0));
  }

  @Test
  void readsPixelsFromTheBuffersPositionWithoutMovingIt() {
    ByteBuffer pixels = ByteBuffer.wrap(new byte[] {99, 99, 0, 10, 20, 30, 40});
    pixels.position(2);

    double[] p = Normalizer.percentiles(pixels, PixelType.UINT8, 1, 99.8);

    assertThat(p[0]).isCloseTo(0.4, within(1e-12));
    assertThat(pixels.position()).isEqualTo(2);
  }

  @Test
  void refusesAFrameWithoutPixels() {
    assertThatThrownBy(() -> Normalizer.percentiles(ByteBuffer.allocate(0), PixelType.UINT16, 1, 99.8))
        .hasMessageContaining("without pixels");
  }

  @Property(tries = 200)
  void integerHistogramPercentilesEqualSortedInterpolation(
      @ForAll @Size(min = 1, max = 2000) int[] raw, @ForAll boolean sixteenBit,
      @ForAll @DoubleRange(min = 0, max = 100) double q) {
    PixelType type = sixteenBit ? PixelType.UINT16 : PixelType.UINT8;
    int levels = sixteenBit ? 65536 : 256;
    int[] values = Arrays.stream(raw).map(v -> Math.floorMod(v, levels)).toArray();
    byte[] bytes = sixteenBit ? Pixels.fromUint16(values) : toBytes(values);

    double[] p = Normalizer.percentiles(ByteBuffer.wrap(bytes), type, q, 100);

    assertThat(p[0]).isCloseTo(numpyPercentile(values, q), within(1e-6));
    assertThat(p[1]).isEqualTo(Arrays.stream(values).max().orElseThrow());
  }

  @Property(tries = 200)
  void float32PercentilesEqualSortedInterpolation(
      @ForAll @Size(min = 1, max = 500) float[] raw, @ForAll @IntRange(min = 0, max = 100) int q) {
    float[] values = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      values[i] = Float.isFinite(raw[i]) ? raw[i] : 0f;
    }

    double[] p = Normalizer.percentiles(ByteBuffer.wrap(Pixels.fromFloats(values, PixelType.FLOAT32)),
        PixelType.FLOAT32, 0, q);

    double[] asDoubles = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      asDoubles[i] = values[i];
    }
    assertThat(p[0]).isEqualTo(Arrays.stream(asDoubles).min().orElseThrow());
    double expected = numpyPercentile(asDoubles, q);
    assertThat(p[1]).isCloseTo(expected, within(Math.max(1e-6, Math.abs(expected) * 1e-6)));
  }

  /** numpy's default ("linear") percentile: interpolate between the order statistics around (n-1)q/100. */
  private static double numpyPercentile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = (sorted.length - 1) * q / 100;
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double numpyPercentile(int[] values, double q) {
    return numpyPercentile(Arrays.stream(values).asDoubleStream().toArray(), q);
  }

  private static byte[] toBytes(int[] values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void appliesOffsetAndScaleToEveryPixelAsTheWorkersDo() {
    ByteBuffer pixels = ByteBuffer.wrap(Pixels.fromUint16(new int[] {0, 100, 300, 65535}));
    Normalization n = new Normalization("test", 100.0, 0.005);

    assertThat(Normalizer.apply(n, pixels, PixelType.UINT16)).containsExactly(-0.5f, 0f, 1f, 327.175f);
  }
}
