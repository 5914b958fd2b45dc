package dev.tessera.tiler.tiling;

import static dev.tessera.imaging.testing.TestFrames.CAPTURED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.schemas.Pixels;
import dev.tessera.schemas.Rejection;
import dev.tessera.imaging.testing.TestFrames;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.normalize.Normalizer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class FrameTilerTest {

  private static final Instant TILED_AT = Instant.parse("2026-11-21T10:15:31.456789Z");
  private static final TilerSettings DEPTH_4 = TilerSettings.builder().depth(4).build();

  private final FrameTiler tiler = new FrameTiler(DEPTH_4);

  @Test
  void cutsA512Uint16FrameIntoOne700TileWithEveryFieldSet() {
    Frame frame = TestFrames.random("acq-1", 7, 512, 512, PixelType.UINT16, 1);

    FrameTiles tiles = tiler.prepare(frame, 2, 41, TILED_AT);
    Tile tile = tiles.tile(0);

    assertThat(tiles.tileCount()).isEqualTo(1);
    assertThat(tile.getAcquisitionId()).isEqualTo("acq-1");
    assertThat(tile.getFrameIndex()).isEqualTo(7);
    assertThat(tile.getTileIndex()).isZero();
    assertThat(tile.getTileCount()).isEqualTo(1);
    assertThat(tile.getGridColumns()).isEqualTo(1);
    assertThat(tile.getGridRows()).isEqualTo(1);
    assertThat(tile.getFrameWidth()).isEqualTo(512);
    assertThat(tile.getFrameHeight()).isEqualTo(512);
    assertThat(tile.getInputX()).isEqualTo(-92);
    assertThat(tile.getInputY()).isEqualTo(-92);
    assertThat(tile.getInputWidth()).isEqualTo(700);
    assertThat(tile.getInputHeight()).isEqualTo(700);
    assertThat(tile.getOwned()).isEqualTo(new Region(0, 0, 512, 512));
    assertThat(tile.getOwnedOffsetX()).isZero();
    assertThat(tile.getOwnedOffsetY()).isZero();
    assertThat(tile.getPixelType()).isEqualTo(PixelType.UINT16);
    assertThat(tile.getNormalization())
        .isEqualTo(Normalizer.compute(DEPTH_4.normalization(), frame.getPixels(), PixelType.UINT16));
    assertThat(tile.getGeometryId()).isEqualTo("unet-d4/in700/m92");
    assertThat(tile.getSourcePartition()).isEqualTo(2);
    assertThat(tile.getSourceOffset()).isEqualTo(41);
    assertThat(tile.getCapturedAt()).isEqualTo(CAPTURED_AT);
    assertThat(tile.getTiledAt()).isEqualTo(Instant.parse("2026-11-21T10:15:31.456Z"));
    assertThat(bytes(tile)).isEqualTo(TestFrames.mirroredWindow(frame, -92, -92, 700));
  }

  @Test
  void cutsEveryTileOfALargerFrameWithItsMirroredPixels() {
    Frame frame = TestFrames.random("acq-1", 0, 1000, 400, PixelType.UINT8, 2);
    FrameTiler small = new FrameTiler(TilerSettings.builder().depth(4).maxInputSize(572).build());

    FrameTiles tiles = small.prepare(frame, 0, 0, TILED_AT);
    List<Tile> all = tiles.tiles();

    assertThat(tiles.plan()).isEqualTo(TilePlan.of(DEPTH_4.geometry(), 1000, 400, tiles.plan().inputSize()));
    assertThat(all).hasSize(tiles.plan().tileCount());
    for (Tile t : all) {
      assertThat(bytes(t)).as("tile %d", t.getTileIndex())
          .isEqualTo(TestFrames.mirroredWindow(frame, t.getInputX(), t.getInputY(), t.getInputWidth()));
      assertThat(t.getGridColumns() * t.getGridRows()).isEqualTo(t.getTileCount());
    }
  }

  @Test
  void reassemblesTheFrameFromTheOwnedCentresOfItsTiles() {
    Frame frame = TestFrames.random("acq-1", 0, 1301, 517, PixelType.FLOAT32, 3);
    FrameTiles tiles = new FrameTiler(TilerSettings.builder().depth(4).maxInputSize(620).build())
        .prepare(frame, 0, 0, TILED_AT);
    byte[] rebuilt = new byte[1301 * 517 * 4];

    for (Tile t : tiles.tiles()) {
      byte[] px = bytes(t);
      Region o = t.getOwned();
      int n = t.getInputWidth();
      for (int y = 0; y < o.getHeight(); y++) {
        int from = ((92 + t.getOwnedOffsetY() + y) * n + 92 + t.getOwnedOffsetX()) * 4;
        System.arraycopy(px, from, rebuilt, ((o.getY() + y) * 1301 + o.getX()) * 4, o.getWidth() * 4);
      }
    }

    assertThat(tiles.tileCount()).isGreaterThan(4);
    assertThat(rebuilt).isEqualTo(TestFrames.bytes(frame));
  }

  @Test
  void readsPixelsFromADirectBufferToo() {
    Frame heap = TestFrames.random("acq-1", 0, 30, 20, PixelType.UINT16, 4);
    ByteBuffer direct = ByteBuffer.allocateDirect(30 * 20 * 2);
    direct.put(heap.getPixels().duplicate()).flip();
    Frame frame = Frame.newBuilder(heap).setPixels(direct).build();

    assertThat(bytes(tiler.prepare(frame, 0, 0, TILED_AT).tile(0)))
        .isEqualTo(bytes(tiler.prepare(heap, 0, 0, TILED_AT).tile(0)));
  }

  @Test
  void choosesTheTileSizeOncePerFrameSize() {
    TilePlan first = tiler.plan(512, 512);

    assertThat(tiler.plan(512, 512)).isSameAs(first);
    assertThat(tiler.plan(512, 513)).isNotSameAs(first);
    assertThat(first.inputSize()).isEqualTo(700);
  }

  @Test
  void cutsThePapersFixed572TilesWhenTheSettingsFixTheSize() {
    FrameTiler fixed = new FrameTiler(TilerSettings.builder().depth(4).fixedInputSize(572).build());

    TilePlan plan = fixed.plan(512, 512);

    assertThat(plan.inputSize()).isEqualTo(572);
    assertThat(plan.tileCount()).isEqualTo(4);
    assertThat(fixed.prepare(TestFrames.random("a", 0, 512, 512, PixelType.UINT8, 9), 0, 0, TILED_AT).tile(3)
        .getGeometryId()).isEqualTo("unet-d4/in572/m92");
  }

  @Test
  void refusesAFrameWithoutAnAcquisitionId() {
    assertInvalid(() -> tiler.validate(TestFrames.random(" ", 3, 2, 2, PixelType.UINT8, 0)),
        "invalid-frame",
        "Frame 3 has no acquisitionId: tiles are keyed acquisition/frame/tile, so every frame needs one");
  }

  @Test
  void refusesZeroAndNegativeSizes() {
    assertInvalid(() -> tiler.validate(TestFrames.frame("a", 3, 0, 512, PixelType.UINT8, new byte[0])),
        "invalid-frame", "Frame a/3 has size 0x512: width and height must be at least 1");
    assertInvalid(() -> tiler.validate(TestFrames.frame("a", 3, 4, -2, PixelType.UINT8, new byte[0])),
        "invalid-frame", "Frame a/3 has size 4x-2: width and height must be at least 1");
  }

  @Test
  void refusesFramesOverTheConfiguredLimits() {
    FrameTiler limited = new FrameTiler(TilerSettings.builder().depth(4).maxFrameWidth(100).maxFrameHeight(50)
        .maxFramePixels(1000).build());

    assertInvalid(() -> limited.validate(TestFrames.frame("a", 3, 101, 1, PixelType.UINT8, new byte[101])),
        "frame-over-limit", "Frame a/3 is 101x1, wider than max-frame-width=100");
    assertInvalid(() -> limited.validate(TestFrames.frame("a", 3, 1, 51, PixelType.UINT8, new byte[51])),
        "frame-over-limit", "Frame a/3 is 1x51, taller than max-frame-height=50");
    assertInvalid(() -> limited.validate(TestFrames.frame("a", 3, 40, 30, PixelType.UINT8, new byte[1200])),
        "frame-over-limit", "Frame a/3 is 40x30 = 1200 pixels, more than max-frame-pixels=1000");
  }

  @Test
  void refusesAPixelCountThatDoesNotMatchTheSizeAndType() {
    assertInvalid(() -> tiler.validate(TestFrames.frame("a", 3, 512, 512, PixelType.UINT16, new byte[512 * 512])),
        "invalid-frame",
        "Frame a/3 is 512x512 UINT16, which needs 524288 bytes of pixels (2 per pixel), but it carries 262144");
    assertInvalid(() -> tiler.validate(TestFrames.frame("a", 3, 2, 2, PixelType.FLOAT32, new byte[17])),
        "invalid-frame", "Frame a/3 is 2x2 FLOAT32, which needs 16 bytes of pixels (4 per pixel), but it carries 17");
  }

  @Test
  void refusesAFrameWithoutAPixelType() {
    Frame frame = TestFrames.random("a", 3, 2, 2, PixelType.UINT8, 0);
    frame.setPixelType(null);

    assertInvalid(() -> tiler.validate(frame), "invalid-frame",
        "Frame a/3 has no pixel type: expected one of UINT8, UINT16, FLOAT32");
  }

  @Test
  void refusesFloatFramesWithNaNOrInfinitePixels() {
    byte[] allNaN = Pixels.fromFloats(new float[] {Float.NaN, Float.NaN, Float.NaN, Float.NaN}, PixelType.FLOAT32);
    byte[] someBad = Pixels.fromFloats(new float[] {0, Float.NaN, 1, 2, Float.POSITIVE_INFINITY, 3}, PixelType.FLOAT32);

    assertInvalid(() -> tiler.validate(TestFrames.frame("a", 3, 2, 2, PixelType.FLOAT32, allNaN)), "invalid-frame",
        "Frame a/3: all of its 4 FLOAT32 pixels are NaN or infinite, so it has nothing to normalize or segment");
    assertInvalid(() -> tiler.validate(TestFrames.frame("a", 3, 3, 2, PixelType.FLOAT32, someBad)), "invalid-frame",
        "Frame a/3 has 2 NaN or infinite FLOAT32 pixels of 6 (the first at x=1, y=0); the network cannot score them");
  }

  @Test
  void tilesFlatFramesAndOnePixelFramesOfEveryType() {
    for (PixelType type : PixelType.values()) {
      byte[] flat = Pixels.fromFloats(new float[] {5, 5, 5, 5, 5, 5}, type);
      FrameTiles tiles = tiler.prepare(TestFrames.frame("a", 0, 3, 2, type, flat), 0, 0, TILED_AT);
      FrameTiles one = tiler.prepare(TestFrames.random("a", 1, 1, 1, type, 5), 0, 0, TILED_AT);

      assertThat(tiles.normalization().getOffset()).isEqualTo(5.0);
      assertThat(tiles.normalization().getScale()).isEqualTo(1.0);
      assertThat(tiles.tile(0).getInputWidth()).isEqualTo(204);
      assertThat(one.tileCount()).isEqualTo(1);
      byte[] px = bytes(one.tile(0));
      byte[] original = TestFrames.bytes(one.frame());
      for (int i = 0; i < 204 * 204; i++) {
        for (int b = 0; b < original.length; b++) {
          assertThat(px[i * original.length + b]).isEqualTo(original[b]);
        }
      }
    }
  }

  private static void assertInvalid(ThrowingCallable call, String errorType, String reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(Rejection.class, e -> assertThat(e.errorType().code()).isEqualTo(errorType))
        .hasMessage(reason);
  }

  private static byte[] bytes(Tile tile) {
    return TestFrames.bytes(tile.getPixels());
  }
}
