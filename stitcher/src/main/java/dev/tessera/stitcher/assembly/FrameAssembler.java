package dev.tessera.stitcher.assembly;

import dev.tessera.imaging.model.ModelCard;
import dev.tessera.records.Region;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Pastes the owned regions of a frame's tile masks into the frame's class labels and foreground
 * probability. Each pixel's class is the argmax of its quantized class probabilities, ties going
 * to the lower class index (so an all-equal pixel is background, class 0); with a foreground
 * threshold t, a pixel whose quantized foreground probability reaches {@code round(255 t)} is
 * foreground and any other takes its most probable other class. Its foreground probability is the
 * foreground class's quantized plane, copied unchanged.
 *
 * <p>Tiles may be added in any order. Every tile is checked against the frame's
 * {@link FrameSignature} and its own plan ({@link TileChecks}) before a byte is written, so a
 * finished assembly has written every frame pixel exactly once.
 */
public final class FrameAssembler {

  private final FrameSignature signature;
  private final int foregroundClass;
  private final int thresholdLevel;
  private final byte[] classLabels;
  private final byte[] foreground;
  private final BitSet added;
  private String acquisitionId;
  private long frameIndex;
  private long capturedAt = Long.MAX_VALUE;
  private long tiledAt = Long.MAX_VALUE;
  private long firstScoredAt = Long.MAX_VALUE;
  private long lastScoredAt = Long.MIN_VALUE;

  /**
   * @param signature what every tile must agree on
   * @param foregroundClass the class whose probability becomes the mask's foreground plane
   */
  public FrameAssembler(FrameSignature signature, int foregroundClass) {
    this(signature, foregroundClass, Double.NaN);
  }

  /**
   * @param foregroundThreshold the foreground probability (0..1, exclusive) from which a pixel is
   *     foreground, or NaN for the most probable class
   */
  public FrameAssembler(FrameSignature signature, int foregroundClass, double foregroundThreshold) {
    ModelCard.requireForegroundThreshold(foregroundThreshold);
    this.thresholdLevel = Double.isNaN(foregroundThreshold) ? -1 : (int) Math.round(255 * foregroundThreshold);
    if (foregroundClass < 0 || foregroundClass >= signature.classCount()) {
      throw new IllegalArgumentException("foreground class " + foregroundClass + " is not one of the "
          + signature.classCount() + " classes");
    }
    this.signature = signature;
    this.foregroundClass = foregroundClass;
    int pixels = Math.multiplyExact(signature.frameWidth(), signature.frameHeight());
    this.classLabels = new byte[pixels];
    this.foreground = new byte[pixels];
    this.added = new BitSet(signature.tileCount());
  }

  public FrameSignature signature() {
    return signature;
  }

  /**
   * Pastes one tile's owned region.
   *
   * @throws Rejection when the tile is invalid or contradicts the frame
   * @throws IllegalStateException when this tile index was already added
   */
  public void add(TileMask tile) {
    FrameSignature claimed = FrameSignature.of(tile);
    if (!claimed.geometryDifferences(signature).isEmpty()) {
      throw new Rejection(DeadLetterError.GEOMETRY_MISMATCH, "tile " + tile.getTileIndex() + " has "
          + String.join(", ", signature.geometryDifferences(claimed)));
    }
    if (!claimed.sameModel(signature)) {
      throw new Rejection(DeadLetterError.MIXED_MODELS, "tile " + tile.getTileIndex() + " was scored by "
          + claimed.modelName() + ", the frame by " + signature.modelName());
    }
    TileChecks.check(tile, foregroundClass);
    if (added.get(tile.getTileIndex())) {
      throw new IllegalStateException("tile " + tile.getTileIndex() + " was already added");
    }
    if (acquisitionId == null) {
      acquisitionId = tile.getAcquisitionId();
      frameIndex = tile.getFrameIndex();
    } else if (!acquisitionId.equals(tile.getAcquisitionId()) || frameIndex != tile.getFrameIndex()) {
      throw new IllegalArgumentException("tile of frame " + tile.getAcquisitionId() + "/" + tile.getFrameIndex()
          + " added to frame " + acquisitionId + "/" + frameIndex);
    }
    paste(tile);
    added.set(tile.getTileIndex());
    capturedAt = Math.min(capturedAt, tile.getCapturedAt().toEpochMilli());
    tiledAt = Math.min(tiledAt, tile.getTiledAt().toEpochMilli());
    firstScoredAt = Math.min(firstScoredAt, tile.getScoredAt().toEpochMilli());
    lastScoredAt = Math.max(lastScoredAt, tile.getScoredAt().toEpochMilli());
  }

  private void paste(TileMask tile) {
    Region owned = tile.getOwned();
    int w = owned.getWidth();
    int area = w * owned.getHeight();
    int classes = signature.classCount();
    ByteBuffer probabilities = tile.getProbabilities();
    byte[] p = new byte[probabilities.remaining()];
    probabilities.duplicate().get(p);
    int frameWidth = signature.frameWidth();
    for (int r = 0; r < owned.getHeight(); r++) {
      int dst = (owned.getY() + r) * frameWidth + owned.getX();
      int src = r * w;
      for (int c = 0; c < w; c++) {
        int i = src + c;
        int best = -1;
        if (thresholdLevel >= 0 && (p[foregroundClass * area + i] & 0xFF) >= thresholdLevel) {
          best = foregroundClass;
        } else {
          int bestLevel = -1;
          for (int k = 0; k < classes; k++) {
            int level = p[k * area + i] & 0xFF;
            // strictly greater: ties stay with the lower class; with a threshold the foreground class is out
            if (level > bestLevel && (thresholdLevel < 0 || k != foregroundClass)) {
              best = k;
              bestLevel = level;
            }
          }
        }
        classLabels[dst + c] = (byte) best;
        foreground[dst + c] = p[foregroundClass * area + i];
      }
    }
  }

  /** Whether the tile {@code index} has been added. */
  public boolean has(int index) {
    return added.get(index);
  }

  /** Whether all tiles have been added. */
  public boolean complete() {
    return added.cardinality() == signature.tileCount();
  }

  /**
   * The assembled frame.
   *
   * @throws IllegalStateException when a tile is missing
   */
  public AssembledFrame finish() {
    if (!complete()) {
      throw new IllegalStateException("frame " + acquisitionId + "/" + frameIndex + " has "
          + added.cardinality() + " of " + signature.tileCount() + " tiles");
    }
    return new AssembledFrame(acquisitionId, frameIndex, signature, classLabels, foreground, capturedAt, tiledAt,
        firstScoredAt, lastScoredAt);
  }
}
