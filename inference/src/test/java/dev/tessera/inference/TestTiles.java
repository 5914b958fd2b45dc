package dev.tessera.inference;

import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.schemas.Pixels;
import dev.tessera.imaging.geometry.Mirror;
import dev.tessera.imaging.geometry.TilePlacement;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.TileSizes;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Tiles cut as the tiler cuts them, from synthetic UINT16 frames. */
public final class TestTiles {

  public static final Instant CAPTURED = Instant.parse("2026-11-21T10:00:00Z");
  public static final Instant TILED = Instant.parse("2026-11-21T10:00:01Z");

  private TestTiles() {}

  /** A random UINT16 frame, little-endian. */
  public static byte[] frame(int width, int height, long seed) {
    Random r = new Random(seed);
    int[] values = new int[width * height];
    for (int i = 0; i < values.length; i++) {
      values[i] = 200 + r.nextInt(3000);
    }
    return Pixels.fromUint16(values);
  }

  /** Every tile of one frame, for inputs of at most {@code maxInput}. */
  public static List<Tile> tilesOf(String acq, long frameIndex, int width, int height, UNetGeometry g, int maxInput,
      long seed) {
    byte[] frame = frame(width, height, seed);
    TilePlan plan = TileSizes.choose(g, width, height, maxInput);
    List<Tile> tiles = new ArrayList<>();
    for (TilePlacement p : plan.tiles()) {
      byte[] pixels = Mirror.cut(frame, width, height, 2, p.inputX(), p.inputY(), p.inputSize());
      tiles.add(tile(acq, frameIndex, plan, p, g, PixelType.UINT16, pixels));
    }
    return tiles;
  }

  public static Tile tile(String acq, long frameIndex, TilePlan plan, TilePlacement p, UNetGeometry g, PixelType type,
      byte[] pixels) {
    return Tile.newBuilder()
        .setAcquisitionId(acq)
        .setFrameIndex(frameIndex)
        .setTileIndex(p.index())
        .setTileCount(plan.tileCount())
        .setGridColumns(plan.columns())
        .setGridRows(plan.rows())
        .setFrameWidth(plan.frameWidth())
        .setFrameHeight(plan.frameHeight())
        .setInputX(p.inputX())
        .setInputY(p.inputY())
        .setInputWidth(p.inputSize())
        .setInputHeight(p.inputSize())
        .setOwned(new Region(p.owned().x(), p.owned().y(), p.owned().width(), p.owned().height()))
        .setOwnedOffsetX(p.ownedOffsetX())
        .setOwnedOffsetY(p.ownedOffsetY())
        .setPixelType(type)
        .setPixels(ByteBuffer.wrap(pixels))
        .setNormalization(new Normalization("percentile:1.0,99.8", 250.0, 1.0 / 2900))
        .setGeometryId(g.geometryId(p.inputSize()))
        .setCapturedAt(CAPTURED)
        .setTiledAt(TILED)
        .build();
  }
}
