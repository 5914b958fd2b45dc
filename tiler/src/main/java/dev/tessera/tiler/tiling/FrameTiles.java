package dev.tessera.tiler.tiling;

import dev.tessera.records.Frame;
import dev.tessera.records.Normalization;
import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.schemas.Pixels;
import dev.tessera.imaging.geometry.Mirror;
import dev.tessera.imaging.geometry.TilePlacement;
import dev.tessera.imaging.geometry.TilePlan;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiles of one validated frame, cut on demand so a large frame's tiles need not all be in
 * memory at once: a stream forwards each tile as it is cut.
 */
public final class FrameTiles {

  private final Frame frame;
  private final TilePlan plan;
  private final String geometryId;
  private final Normalization normalization;
  private final int sourcePartition;
  private final long sourceOffset;
  private final Instant tiledAt;
  private final byte[] pixels;
  private final int pixelsOffset;
  private final int bytesPerPixel;

  FrameTiles(Frame frame, TilePlan plan, String geometryId, Normalization normalization, int sourcePartition,
      long sourceOffset, Instant tiledAt) {
    this.frame = frame;
    this.plan = plan;
    this.geometryId = geometryId;
    this.normalization = normalization;
    this.sourcePartition = sourcePartition;
    this.sourceOffset = sourceOffset;
    // Avro's timestamp-millis keeps milliseconds; truncate so a tile equals its decoded copy.
    this.tiledAt = tiledAt.truncatedTo(ChronoUnit.MILLIS);
    this.bytesPerPixel = Pixels.bytesPerPixel(frame.getPixelType());
    ByteBuffer buffer = frame.getPixels();
    if (buffer.hasArray()) {
      this.pixels = buffer.array();
      this.pixelsOffset = buffer.arrayOffset() + buffer.position();
    } else {
      this.pixels = new byte[buffer.remaining()];
      buffer.duplicate().get(this.pixels);
      this.pixelsOffset = 0;
    }
  }

  public Frame frame() {
    return frame;
  }

  public TilePlan plan() {
    return plan;
  }

  public Normalization normalization() {
    return normalization;
  }

  public String geometryId() {
    return geometryId;
  }

  public int tileCount() {
    return plan.tileCount();
  }

  /** Cuts tile {@code index} (row-major) with its mirrored pixels. */
  public Tile tile(int index) {
    TilePlacement p = plan.tile(index);
    int n = p.inputSize();
    byte[] cut = Mirror.cut(pixels, pixelsOffset, frame.getWidth(), frame.getHeight(), bytesPerPixel,
        p.inputX(), p.inputY(), n, n);
    return Tile.newBuilder()
        .setAcquisitionId(frame.getAcquisitionId())
        .setFrameIndex(frame.getFrameIndex())
        .setTileIndex(p.index())
        .setTileCount(plan.tileCount())
        .setGridColumns(plan.columns())
        .setGridRows(plan.rows())
        .setFrameWidth(frame.getWidth())
        .setFrameHeight(frame.getHeight())
        .setInputX(p.inputX())
        .setInputY(p.inputY())
        .setInputWidth(n)
        .setInputHeight(n)
        .setOwned(new Region(p.owned().x(), p.owned().y(), p.owned().width(), p.owned().height()))
        .setOwnedOffsetX(p.ownedOffsetX())
        .setOwnedOffsetY(p.ownedOffsetY())
        .setPixelType(frame.getPixelType())
        .setPixels(ByteBuffer.wrap(cut))
        .setNormalization(normalization)
        .setGeometryId(geometryId)
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setCapturedAt(frame.getCapturedAt())
        .setTiledAt(tiledAt)
        .build();
  }

  /** Every tile, in row-major order. Holds them all in memory: prefer {@link #tile(int)} for large frames. */
  public List<Tile> tiles() {
    List<Tile> tiles = new ArrayList<>(tileCount());
    for (int i = 0; i < tileCount(); i++) {
      tiles.add(tile(i));
    }
    return tiles;
  }
}
