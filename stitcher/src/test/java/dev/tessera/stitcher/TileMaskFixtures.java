package dev.tessera.stitcher;

import dev.tessera.records.Region;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.AvroSerde;
import dev.tessera.schemas.Topics;
import dev.tessera.imaging.geometry.Rect;
import dev.tessera.imaging.geometry.TilePlacement;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Tile masks as an inference worker would publish them, with chosen probabilities. */
public final class TileMaskFixtures {

  public static final String MODEL_ID = "unet-d1-test";
  public static final String MODEL_SHA = "ab".repeat(32);
  public static final String OTHER_SHA = "cd".repeat(32);
  private static final AvroSerde<TileMask> SERDE = AvroSerde.of(TileMask.class);

  private TileMaskFixtures() {}

  /** The quantized probability level 0..255 of class {@code cls} at frame pixel {@code (x, y)}. */
  @FunctionalInterface
  public interface Levels {
    int level(int cls, int x, int y);
  }

  /** Two classes: the foreground (class 1) at {@code fg[y*width+x]}, background its complement. */
  public static Levels twoClass(int[] fg, int width) {
    return (cls, x, y) -> cls == 1 ? fg[y * width + x] : 255 - fg[y * width + x];
  }

  /** capturedAt of frame {@code f}: 1 000 000 ms + f. */
  public static long capturedAt(long frame) {
    return 1_000_000L + frame;
  }

  /** Every tile of {@code plan}, in tile order. */
  public static List<TileMask> tiles(String acq, long frame, UNetGeometry geometry, TilePlan plan, int classes,
      Levels levels) {
    List<TileMask> tiles = new ArrayList<>();
    for (int i = 0; i < plan.tileCount(); i++) {
      tiles.add(tile(acq, frame, geometry, plan, i, classes, levels).build());
    }
    return tiles;
  }

  /** Tile {@code index} of {@code plan}, as a builder so tests can falsify a field. */
  public static TileMask.Builder tile(String acq, long frame, UNetGeometry geometry, TilePlan plan, int index,
      int classes, Levels levels) {
    TilePlacement t = plan.tile(index);
    Rect owned = t.owned();
    byte[] p = new byte[classes * owned.area()];
    for (int c = 0; c < classes; c++) {
      for (int r = 0; r < owned.height(); r++) {
        for (int col = 0; col < owned.width(); col++) {
          p[c * owned.area() + r * owned.width() + col] = (byte) levels.level(c, owned.x() + col, owned.y() + r);
        }
      }
    }
    return TileMask.newBuilder()
        .setAcquisitionId(acq)
        .setFrameIndex(frame)
        .setTileIndex(index)
        .setTileCount(plan.tileCount())
        .setGridColumns(plan.columns())
        .setGridRows(plan.rows())
        .setFrameWidth(plan.frameWidth())
        .setFrameHeight(plan.frameHeight())
        .setOwned(new Region(owned.x(), owned.y(), owned.width(), owned.height()))
        .setGeometryId(geometry.geometryId(plan.inputSize()))
        .setClassCount(classes)
        .setProbabilities(ByteBuffer.wrap(p))
        .setModelId(MODEL_ID)
        .setModelSha256(MODEL_SHA)
        .setDevice("cpu")
        .setBatchSize(1)
        .setInferenceMicros(1234)
        .setCapturedAt(Instant.ofEpochMilli(capturedAt(frame)))
        .setTiledAt(Instant.ofEpochMilli(capturedAt(frame) + 100))
        .setScoredAt(Instant.ofEpochMilli(capturedAt(frame) + 200 + index));
  }

  /** The tile-mask topic value. */
  public static byte[] encode(TileMask tile) {
    return SERDE.serialize("tile-masks", tile);
  }

  /** The tile-mask topic key. */
  public static String key(TileMask tile) {
    return Topics.frameKey(tile.getAcquisitionId(), tile.getFrameIndex());
  }
}
