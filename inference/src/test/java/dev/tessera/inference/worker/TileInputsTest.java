package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.inference.TestTiles;
import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Pixels;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.normalize.Normalizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TileInputsTest {

  private static final UNetGeometry D1 = new UNetGeometry(1);

  private static Tile tile(PixelType type, byte[] pixels, int n) {
    Tile t = TestTiles.tilesOf("acq", 0, 2, 2, D1, 18, 1).get(0);
    return Tile.newBuilder(t).setPixelType(type).setPixels(ByteBuffer.wrap(pixels))
        .setInputWidth(n).setInputHeight(n).setGeometryId(D1.isValidInput(n) ? D1.geometryId(n) : "unet-d1/in" + n + "/m8")
        .setNormalization(new Normalization("test", 10.0, 0.5)).build();
  }

  private static float[] filled(Tile t, int start, int capacity) {
    FloatBuffer direct = ByteBuffer.allocateDirect(capacity * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    TileInputs.fill(direct, start, t);
    float[] out = new float[capacity];
    direct.get(0, out);
    return out;
  }

  @Test
  void uint8PixelsAreNormalizedIntoTheDirectBufferAtTheGivenIndex() {
    byte[] px = new byte[18 * 18];
    px[0] = 10;
    px[1] = (byte) 255;
    px[2] = 12;
    float[] out = filled(tile(PixelType.UINT8, px, 18), 5, 5 + 18 * 18);

    assertThat(out[4]).isZero();
    assertThat(out[5]).isEqualTo(0f);
    assertThat(out[6]).isEqualTo(122.5f);
    assertThat(out[7]).isEqualTo(1f);
    assertThat(out[8]).isEqualTo(-5f);
  }

  @Test
  void uint16PixelsAreReadLittleEndianAndUnsigned() {
    int[] v = new int[18 * 18];
    v[0] = 65535;
    v[1] = 256;
    float[] out = filled(tile(PixelType.UINT16, Pixels.fromUint16(v), 18), 0, 18 * 18);

    assertThat(out[0]).isEqualTo((float) ((65535 - 10.0) * 0.5));
    assertThat(out[1]).isEqualTo(123f);
    assertThat(out[2]).isEqualTo(-5f);
  }

  @Test
  void float32PixelsAreNormalizedToo() {
    float[] v = new float[18 * 18];
    v[0] = 11.5f;
    float[] out = filled(tile(PixelType.FLOAT32, Pixels.fromFloats(v, PixelType.FLOAT32), 18), 0, 18 * 18);

    assertThat(out[0]).isEqualTo(0.75f);
    assertThat(TileInputs.normalized(tile(PixelType.FLOAT32, Pixels.fromFloats(v, PixelType.FLOAT32), 18)))
        .containsExactly(out);
  }

  @ParameterizedTest
  @EnumSource(PixelType.class)
  void theWorkersFillIsBitIdenticalToNormalizingTheWholeFrame(PixelType type) {
    Random random = new Random(type.ordinal());
    float[] raw = new float[18 * 18];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = switch (type) {
        case UINT8 -> random.nextInt(256);
        case UINT16 -> random.nextInt(65536);
        case FLOAT32 -> (float) (random.nextGaussian() * 1e4);
      };
    }
    raw[0] = 0;
    raw[1] = type == PixelType.UINT8 ? 255 : type == PixelType.UINT16 ? 65535 : -3e38f;
    Normalization n = new Normalization("percentile:1.0,99.8", 17.3, 1 / 2131.7);
    Tile t = Tile.newBuilder(tile(type, Pixels.fromFloats(raw, type), 18)).setNormalization(n).build();

    float[] whole = Normalizer.apply(n, t.getPixels(), type);
    float[] filled = filled(t, 7, 7 + 18 * 18);

    int[] expected = new int[whole.length];
    int[] actual = new int[whole.length];
    for (int i = 0; i < whole.length; i++) {
      expected[i] = Float.floatToRawIntBits(whole[i]);
      actual[i] = Float.floatToRawIntBits(filled[7 + i]);
    }
    assertThat(actual).containsExactly(expected);
    assertThat(TileInputs.normalized(t)).containsExactly(whole);
  }

  @Test
  void aTileCutByTheTilerPassesTheChecks() {
    List<Tile> tiles = TestTiles.tilesOf("acq", 0, 40, 30, D1, 24, 1);

    assertThat(tiles).allSatisfy(t -> assertThat(TileInputs.check(t, D1)).isEmpty());
  }

  @Test
  void aTileOfASizeTheModelCannotTakeIsRejected() {
    Tile t = tile(PixelType.UINT8, new byte[17 * 17], 17);

    assertThat(TileInputs.check(t, D1)).hasValueSatisfying(r -> {
      assertThat(r.errorType()).isEqualTo(DeadLetterError.INVALID_TILE_SIZE);
      assertThat(r.reason()).isEqualTo("tile input 17x17 is not a valid input of the depth-1 model: valid sides are 18 + k*2");
    });
  }

  @Test
  void aTileCutForAnotherDepthIsRejected() {
    Tile t = Tile.newBuilder(tile(PixelType.UINT8, new byte[44 * 44], 44)).setGeometryId("unet-d2/in44/m20").build();

    assertThat(TileInputs.check(t, D1)).hasValueSatisfying(r -> {
      assertThat(r.errorType()).isEqualTo(DeadLetterError.GEOMETRY_MISMATCH);
      assertThat(r.reason())
          .isEqualTo("tile was cut for geometry 'unet-d2/in44/m20' but the model has depth 1 (margin 8)");
    });
  }

  @Test
  void aTileWhoseGeometryIdIsNotOneIsRejectedNamingTheIdAndTheForm() {
    Tile malformed = Tile.newBuilder(tile(PixelType.UINT8, new byte[18 * 18], 18)).setGeometryId("unet-d1/inX/m8")
        .build();
    Tile wrongMargin = Tile.newBuilder(malformed).setGeometryId("unet-d1/in18/m9").build();

    assertThat(TileInputs.check(malformed, D1)).hasValueSatisfying(r -> {
      assertThat(r.errorType()).isEqualTo(DeadLetterError.GEOMETRY_MISMATCH);
      assertThat(r.reason())
          .isEqualTo("the tile's geometry id 'unet-d1/inX/m8' is not of the form unet-d<depth>/in<input>/m<margin>");
    });
    assertThat(TileInputs.check(wrongMargin, D1)).hasValueSatisfying(r -> {
      assertThat(r.errorType()).isEqualTo(DeadLetterError.GEOMETRY_MISMATCH);
      assertThat(r.reason()).isEqualTo("the tile's geometry id 'unet-d1/in18/m9' contradicts its depth and input size,"
          + " which give 'unet-d1/in18/m8'");
    });
  }

  @Test
  void aTileWithTheWrongPixelCountIsRejectedNamingBothCounts() {
    Tile t = tile(PixelType.UINT16, new byte[18 * 18], 18);

    assertThat(TileInputs.check(t, D1)).hasValueSatisfying(r -> {
      assertThat(r.errorType()).isEqualTo(DeadLetterError.INVALID_PIXELS);
      assertThat(r.reason()).isEqualTo("18x18 UINT16 needs 648 bytes of pixels, got 324");
    });
  }

  @Test
  void aFloat32TileWithNaNOrInfinityIsRejectedNamingThePixel() {
    float[] v = new float[18 * 18];
    v[18 * 2 + 3] = Float.NaN;
    float[] w = new float[18 * 18];
    w[5] = Float.NEGATIVE_INFINITY;

    assertThat(TileInputs.check(tile(PixelType.FLOAT32, Pixels.fromFloats(v, PixelType.FLOAT32), 18), D1))
        .hasValueSatisfying(r -> {
          assertThat(r.errorType()).isEqualTo(DeadLetterError.INVALID_PIXELS);
          assertThat(r.reason()).isEqualTo("FLOAT32 pixel 39 (x 3, y 2) is NaN");
        });
    assertThat(TileInputs.check(tile(PixelType.FLOAT32, Pixels.fromFloats(w, PixelType.FLOAT32), 18), D1))
        .hasValueSatisfying(r -> assertThat(r.reason()).endsWith("is -Infinity"));
  }

  @Test
  void aTileWithANonFiniteNormalizationIsRejected() {
    Tile t = Tile.newBuilder(tile(PixelType.UINT8, new byte[18 * 18], 18))
        .setNormalization(new Normalization("x", 0.0, Double.POSITIVE_INFINITY)).build();

    assertThat(TileInputs.check(t, D1)).hasValueSatisfying(r ->
        assertThat(r.errorType()).isEqualTo(DeadLetterError.INVALID_NORMALIZATION));
  }

  @Test
  void anOwnedRegionOutsideTheOutputIsRejected() {
    // 18 in -> 2 out: a 2x2 region at offset (1, 0) reaches column 3.
    Tile t = Tile.newBuilder(tile(PixelType.UINT8, new byte[18 * 18], 18))
        .setOwned(new Region(0, 0, 2, 2)).setOwnedOffsetX(1).setOwnedOffsetY(0).build();

    assertThat(TileInputs.check(t, D1)).hasValueSatisfying(r -> {
      assertThat(r.errorType()).isEqualTo(DeadLetterError.INVALID_REGION);
      assertThat(r.reason()).contains("2x2 network output");
    });
  }
}
