package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.records.PixelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PixelsTest {

  // --- exact little-endian layout -------------------------------------------------------------

  @Test
  void writesUint8PixelsOneBytePerPixel() {
    ByteBuffer le = littleEndian(3);

    Pixels.put(le, PixelType.UINT8, 1, 200f);

    assertThat(le.array()).containsExactly(0x00, 0xC8, 0x00);
    assertThat(Pixels.get(le, PixelType.UINT8, 1)).isEqualTo(200f);
  }

  @Test
  void writesUint16PixelsLeastSignificantByteFirst() {
    ByteBuffer le = littleEndian(4);

    Pixels.put(le, PixelType.UINT16, 1, 0x1234);

    assertThat(le.array()).containsExactly(0x00, 0x00, 0x34, 0x12);
    assertThat(Pixels.get(le, PixelType.UINT16, 1)).isEqualTo(4660f);
  }

  @Test
  void writesFloat32PixelsAsLittleEndianIeeeBits() {
    ByteBuffer le = littleEndian(8);

    Pixels.put(le, PixelType.FLOAT32, 1, 1.5f); // 0x3FC00000

    assertThat(le.array()).containsExactly(0, 0, 0, 0, 0x00, 0x00, 0xC0, 0x3F);
    assertThat(Pixels.get(le, PixelType.FLOAT32, 1)).isEqualTo(1.5f);
  }

  @Test
  void keepsTheFullUint16RangeUnsigned() {
    ByteBuffer le = littleEndian(2);

    Pixels.put(le, PixelType.UINT16, 0, 65535f);

    assertThat(le.array()).containsExactly(0xFF, 0xFF);
    assertThat(Pixels.get(le, PixelType.UINT16, 0)).isEqualTo(65535f);
    assertThat(Pixels.toUint16(ByteBuffer.wrap(Pixels.fromUint16(new int[] {65535, 0, 32768}))))
        .containsExactly(65535, 0, 32768);
  }

  @Test
  void readsUint8AboveOneHundredTwentySevenAsUnsigned() {
    ByteBuffer le = ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0x80});

    assertThat(Pixels.toFloats(le, PixelType.UINT8)).containsExactly(255f, 128f);
  }

  @Test
  void encodesFloatsOfEveryTypeToExactBytes() {
    float[] values = {1f, 258f};

    assertThat(Pixels.fromFloats(values, PixelType.UINT8)).containsExactly(0x01, 0xFF);
    assertThat(Pixels.fromFloats(values, PixelType.UINT16)).containsExactly(0x01, 0x00, 0x02, 0x01);
    assertThat(Pixels.fromFloats(values, PixelType.FLOAT32))
        .containsExactly(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x81, 0x43);
  }

  // --- clamping and rounding ------------------------------------------------------------------

  @ParameterizedTest(name = "{0} {1} is stored as {2}")
  @CsvSource({
      "UINT8, -3, 0",
      "UINT8, 0.49, 0",
      "UINT8, 0.5, 1",
      "UINT8, 2.5, 3",
      "UINT8, 254.4, 254",
      "UINT8, 254.6, 255",
      "UINT8, 300, 255",
      "UINT8, Infinity, 255",
      "UINT8, -Infinity, 0",
      "UINT8, NaN, 0",
      "UINT16, -1, 0",
      "UINT16, 1000.5, 1001",
      "UINT16, 65534.6, 65535",
      "UINT16, 70000, 65535",
      "UINT16, NaN, 0",
  })
  void clampsAndRoundsIntegerPixels(PixelType type, float value, int stored) {
    ByteBuffer le = littleEndian(Pixels.bytesPerPixel(type));

    Pixels.put(le, type, 0, value);

    assertThat(Pixels.get(le, type, 0)).isEqualTo((float) stored);
  }

  @Test
  void storesFloat32ValuesUnchangedIncludingNaN() {
    ByteBuffer le = littleEndian(12);

    Pixels.put(le, PixelType.FLOAT32, 0, -7.25f);
    Pixels.put(le, PixelType.FLOAT32, 1, 1e30f);
    Pixels.put(le, PixelType.FLOAT32, 2, Float.NaN);

    assertThat(Pixels.get(le, PixelType.FLOAT32, 0)).isEqualTo(-7.25f);
    assertThat(Pixels.get(le, PixelType.FLOAT32, 1)).isEqualTo(1e30f);
    assertThat(Pixels.get(le, PixelType.FLOAT32, 2)).isNaN();
  }

  @Test
  void rejectsUint16ValuesOutsideTheRangeNamingValueAndIndex() {
    assertThatThrownBy(() -> Pixels.fromUint16(new int[] {0, 65536}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value 65536 at index 1 is outside UINT16 0..65535");
    assertThatThrownBy(() -> Pixels.fromUint16(new int[] {-1}))
        .hasMessage("value -1 at index 0 is outside UINT16 0..65535");
  }

  // --- sizes ----------------------------------------------------------------------------------

  @Test
  void acceptsABufferOfExactlyTheExpectedSize() {
    Pixels.checkSize(4, 3, PixelType.UINT16, 24);
    Pixels.checkSize(4, 3, PixelType.FLOAT32, 48);
    Pixels.checkSize(4, 3, PixelType.UINT8, 12);
  }

  @Test
  void rejectsAWrongSizeNamingSizesTypeAndByteCounts() {
    assertThatThrownBy(() -> Pixels.checkSize(4, 3, PixelType.UINT16, 23))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("4x3 UINT16 needs 24 bytes of pixels, got 23");
    assertThatThrownBy(() -> Pixels.checkSize(2048, 2048, PixelType.FLOAT32, 8L * 1024 * 1024))
        .hasMessage("2048x2048 FLOAT32 needs 16777216 bytes of pixels, got 8388608");
  }

  @Test
  void rejectsNonPositiveSizes() {
    assertThatThrownBy(() -> Pixels.checkSize(0, 3, PixelType.UINT8, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size 0x3 is not positive");
    assertThatThrownBy(() -> Pixels.checkSize(5, -1, PixelType.UINT8, 0))
        .hasMessage("size 5x-1 is not positive");
  }

  @Test
  void computesExpectedBytesWithoutIntOverflow() {
    assertThat(Pixels.expectedBytes(65536, 65536, PixelType.FLOAT32)).isEqualTo(17_179_869_184L);
    assertThat(Pixels.expectedBytes(2048, 2048, PixelType.UINT16)).isEqualTo(8_388_608L);
  }

  // --- non-finite values ----------------------------------------------------------------------

  @Test
  void findsTheFirstNaN() {
    ByteBuffer pixels = ByteBuffer.wrap(Pixels.fromFloats(new float[] {0f, 1f, Float.NaN, 3f, Float.NaN}, PixelType.FLOAT32));

    assertThat(Pixels.firstNonFinite(pixels)).isEqualTo(2);
  }

  @Test
  void findsInfinityAsNonFinite() {
    ByteBuffer pixels = ByteBuffer.wrap(Pixels.fromFloats(new float[] {Float.NEGATIVE_INFINITY, 1f}, PixelType.FLOAT32));

    assertThat(Pixels.firstNonFinite(pixels)).isEqualTo(0);
  }

  @Test
  void reportsMinusOneWhenEveryValueIsFinite() {
    ByteBuffer pixels = ByteBuffer.wrap(Pixels.fromFloats(new float[] {-Float.MAX_VALUE, 0f, Float.MIN_VALUE}, PixelType.FLOAT32));

    assertThat(Pixels.firstNonFinite(pixels)).isEqualTo(-1);
  }

  @Test
  void countsPixelsFromTheBuffersPositionAndLeavesItUntouched() {
    ByteBuffer pixels = ByteBuffer.wrap(Pixels.fromFloats(new float[] {Float.NaN, 1f, Float.NaN}, PixelType.FLOAT32));
    pixels.position(4);

    assertThat(Pixels.firstNonFinite(pixels)).isEqualTo(1);
    assertThat(Pixels.toFloats(pixels, PixelType.FLOAT32)).hasSize(2);
    assertThat(pixels.position()).isEqualTo(4);
  }

  // --- properties -----------------------------------------------------------------------------

  @Property(tries = 200)
  void uint8ValuesRoundTripThroughFloats(@ForAll("uint8Values") int[] values) {
    assertRoundTrip(values, PixelType.UINT8);
  }

  @Property(tries = 200)
  void uint16ValuesRoundTripThroughFloats(@ForAll("uint16Values") int[] values) {
    assertRoundTrip(values, PixelType.UINT16);
    assertThat(Pixels.toUint16(ByteBuffer.wrap(Pixels.fromFloats(asFloats(values), PixelType.UINT16))))
        .containsExactly(values);
  }

  @Property(tries = 200)
  void integerValuesRoundTripThroughFloat32(@ForAll("exactFloatIntegers") int[] values) {
    assertRoundTrip(values, PixelType.FLOAT32);
  }

  @Provide
  Arbitrary<int[]> uint8Values() {
    return pixelsBetween(0, 255);
  }

  @Provide
  Arbitrary<int[]> uint16Values() {
    return pixelsBetween(0, 65535);
  }

  @Provide
  Arbitrary<int[]> exactFloatIntegers() {
    // Every int of magnitude up to 2^24 is exactly representable as a float.
    return pixelsBetween(-(1 << 24), 1 << 24);
  }

  private static Arbitrary<int[]> pixelsBetween(int min, int max) {
    // Edge cases (min, max, 0) are generated by jqwik with raised probability.
    return Arbitraries.integers().between(min, max).array(int[].class).ofMaxSize(64);
  }

  private static void assertRoundTrip(int[] values, PixelType type) {
    float[] floats = asFloats(values);

    byte[] encoded = Pixels.fromFloats(floats, type);

    assertThat(encoded).hasSize(values.length * Pixels.bytesPerPixel(type));
    assertThat(Pixels.toFloats(ByteBuffer.wrap(encoded), type)).containsExactly(floats);
  }

  private static float[] asFloats(int[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = values[i];
    }
    return floats;
  }

  private static ByteBuffer littleEndian(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
