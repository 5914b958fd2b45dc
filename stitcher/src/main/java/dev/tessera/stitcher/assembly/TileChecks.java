package dev.tessera.stitcher.assembly;

import dev.tessera.records.Region;
import dev.tessera.records.TileMask;
import dev.tessera.imaging.geometry.GeometryId;
import dev.tessera.imaging.geometry.Rect;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;

/**
 * Checks a tile mask against the tile plan its own fields imply: the geometry id names the
 * network depth and input size, which with the frame size give the {@link TilePlan}; the tile's
 * count, grid and owned region must be that plan's. A tile passing these checks can be pasted
 * into its frame without overlapping or missing a pixel.
 */
public final class TileChecks {

  /** Class labels travel as one unsigned byte per pixel. */
  public static final int MAX_CLASSES = 256;

  private TileChecks() {}

  /**
   * The tile plan named by a geometry id for a frame size.
   *
   * @throws Rejection ({@link DeadLetterError#INVALID_TILE_MASK}) when the id is not a {@link
   *     GeometryId} or names an input size too small to tile with
   */
  public static TilePlan planOf(String geometryId, int frameWidth, int frameHeight) {
    GeometryId id;
    try {
      id = GeometryId.parse(geometryId);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (frameWidth < 1 || frameHeight < 1) {
      throw invalid("frame size " + frameWidth + "x" + frameHeight + " is not positive");
    }
    try {
      return TilePlan.of(id.geometry(), frameWidth, frameHeight, id.inputSize());
    } catch (IllegalArgumentException e) {
      throw invalid("geometry id '" + geometryId + "' is not valid: " + e.getMessage());
    }
  }

  /**
   * Checks one tile mask on its own.
   *
   * @param foregroundClass the class whose plane is the foreground probability
   * @return the tile's plan
   * @throws Rejection ({@link DeadLetterError#INVALID_TILE_MASK}) naming what contradicts what
   */
  public static TilePlan check(TileMask tile, int foregroundClass) {
    TilePlan plan = planOf(tile.getGeometryId(), tile.getFrameWidth(), tile.getFrameHeight());
    String frame = tile.getFrameWidth() + "x" + tile.getFrameHeight() + " frame cut for " + tile.getGeometryId();
    if (tile.getTileCount() != plan.tileCount() || tile.getGridColumns() != plan.columns()
        || tile.getGridRows() != plan.rows()) {
      throw invalid("tile " + tile.getTileIndex() + " claims " + tile.getTileCount() + " tiles in a "
          + tile.getGridColumns() + "x" + tile.getGridRows() + " grid, but a " + frame + " has "
          + plan.tileCount() + " tiles in a " + plan.columns() + "x" + plan.rows() + " grid");
    }
    if (tile.getTileIndex() < 0 || tile.getTileIndex() >= plan.tileCount()) {
      throw invalid("tile index " + tile.getTileIndex() + " is outside 0.." + (plan.tileCount() - 1));
    }
    Rect expected = plan.tile(tile.getTileIndex()).owned();
    Region owned = tile.getOwned();
    if (owned.getX() != expected.x() || owned.getY() != expected.y() || owned.getWidth() != expected.width()
        || owned.getHeight() != expected.height()) {
      throw invalid("tile " + tile.getTileIndex() + " owns " + format(owned) + " but tile "
          + tile.getTileIndex() + " of a " + frame + " owns " + format(expected));
    }
    int classes = tile.getClassCount();
    if (classes < 2 || classes > MAX_CLASSES) {
      throw invalid("class count " + classes + " is outside 2.." + MAX_CLASSES);
    }
    if (foregroundClass >= classes) {
      throw invalid("the foreground class " + foregroundClass
          + " (setting foreground-class) is not a class of this " + classes + "-class model");
    }
    long expectedBytes = (long) classes * expected.area();
    int actual = tile.getProbabilities().remaining();
    if (actual != expectedBytes) {
      throw invalid("tile " + tile.getTileIndex() + " carries " + actual + " probability bytes; " + classes
          + " classes over its " + expected.width() + "x" + expected.height() + " owned region need "
          + expectedBytes);
    }
    return plan;
  }

  /** {@code x=384,y=0 384x384}. */
  public static String format(Region r) {
    return "x=" + r.getX() + ",y=" + r.getY() + " " + r.getWidth() + "x" + r.getHeight();
  }

  private static String format(Rect r) {
    return "x=" + r.x() + ",y=" + r.y() + " " + r.width() + "x" + r.height();
  }

  private static Rejection invalid(String reason) {
    return new Rejection(DeadLetterError.INVALID_TILE_MASK, reason);
  }
}
