package dev.tessera.inference.worker;

import dev.tessera.imaging.geometry.GeometryId;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Pixels;
import dev.tessera.schemas.Rejection;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * Pre-processing of tiles: the checks a tile must pass before it is scored, and the conversion of
 * its raw pixels into the network's input with the frame's normalization carried by the tile
 * ({@link Normalizer#applyInto}, the same function that normalizes whole frames).
 */
public final class TileInputs {

  private TileInputs() {}

  /**
   * What is wrong with {@code tile} for a model of {@code geometry}, or empty when it can be
   * scored: its input size must be valid, its geometry id a valid {@link GeometryId} of the model's
   * depth (and so of its margin), its pixels exactly {@code inputWidth x inputHeight} of its type
   * (FLOAT32 all finite), its normalization finite, and its owned region inside the network output.
   */
  public static Optional<Rejection> check(Tile tile, UNetGeometry geometry) {
    int w = tile.getInputWidth();
    int h = tile.getInputHeight();
    if (!geometry.isValidInput(w) || !geometry.isValidInput(h)) {
      return reject(DeadLetterError.INVALID_TILE_SIZE, "tile input " + w + "x" + h + " is not a valid input of the"
          + " depth-" + geometry.depth() + " model: valid sides are " + geometry.minimumInput() + " + k*"
          + geometry.modulus());
    }
    GeometryId id;
    try {
      id = GeometryId.parse(tile.getGeometryId());
    } catch (IllegalArgumentException e) {
      return reject(DeadLetterError.GEOMETRY_MISMATCH, "the tile's " + e.getMessage());
    }
    if (id.depth() != geometry.depth()) {
      return reject(DeadLetterError.GEOMETRY_MISMATCH, "tile was cut for geometry '" + id + "' but the model has"
          + " depth " + geometry.depth() + " (margin " + geometry.margin() + ")");
    }
    PixelType type = tile.getPixelType();
    ByteBuffer pixels = tile.getPixels();
    long expected = Pixels.expectedBytes(w, h, type);
    if (pixels == null || pixels.remaining() != expected) {
      return reject(DeadLetterError.INVALID_PIXELS, w + "x" + h + " " + type + " needs " + expected
          + " bytes of pixels, got " + (pixels == null ? 0 : pixels.remaining()));
    }
    if (type == PixelType.FLOAT32) {
      int bad = Pixels.firstNonFinite(pixels);
      if (bad >= 0) {
        return reject(DeadLetterError.INVALID_PIXELS, "FLOAT32 pixel " + bad + " (x " + bad % w + ", y " + bad / w
            + ") is " + Pixels.get(Pixels.view(pixels), type, bad));
      }
    }
    Normalization n = tile.getNormalization();
    if (n == null || !Double.isFinite(n.getOffset()) || !Double.isFinite(n.getScale())) {
      return reject(DeadLetterError.INVALID_NORMALIZATION, "normalization " + n + " is not finite");
    }
    int outW = geometry.outputSize(w);
    int outH = geometry.outputSize(h);
    Region owned = tile.getOwned();
    if (owned == null || owned.getWidth() < 1 || owned.getHeight() < 1 || tile.getOwnedOffsetX() < 0
        || tile.getOwnedOffsetY() < 0 || tile.getOwnedOffsetX() + owned.getWidth() > outW
        || tile.getOwnedOffsetY() + owned.getHeight() > outH) {
      return reject(DeadLetterError.INVALID_REGION, "owned region " + owned + " at offset (" + tile.getOwnedOffsetX()
          + ", " + tile.getOwnedOffsetY() + ") does not lie inside the " + outW + "x" + outH + " network output");
    }
    return Optional.empty();
  }

  /**
   * Writes the tile's normalized pixels at {@code dst}'s absolute index {@code start} (row-major,
   * {@code inputWidth * inputHeight} floats). The tile must have passed {@link #check}.
   */
  public static void fill(FloatBuffer dst, int start, Tile tile) {
    Normalizer.applyInto(tile.getNormalization(), tile.getPixels(), tile.getPixelType(), dst, start);
  }

  /** The tile's normalized pixels as an array (tests, tools); the worker uses {@link #fill}. */
  public static float[] normalized(Tile tile) {
    float[] out = new float[tile.getInputWidth() * tile.getInputHeight()];
    FloatBuffer b = FloatBuffer.wrap(out);
    fill(b, 0, tile);
    return out;
  }

  private static Optional<Rejection> reject(DeadLetterError type, String reason) {
    return Optional.of(new Rejection(type, reason));
  }
}
