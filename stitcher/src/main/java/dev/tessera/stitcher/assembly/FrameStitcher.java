package dev.tessera.stitcher.assembly;

import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.TileMask;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.instances.Instances;
import dev.tessera.imaging.instances.ObjectRows;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * Turns the tile masks of one frame into its {@link Mask} and {@link ObjectTable}: assembly of
 * the owned regions, cell instances of the foreground class, one object-table row per cell, and
 * provenance (model id and SHA-256, tile geometry, tile count, timestamps from capture to
 * stitching).
 */
public final class FrameStitcher {

  private final int foregroundClass;
  private final InstanceOptions instanceOptions;
  private final double foregroundThreshold;

  /**
   * @param foregroundClass the class whose pixels are cells and whose probability is the
   *     foreground plane (1 for a background/cell model)
   * @param instanceOptions how cells are separated
   */
  public FrameStitcher(int foregroundClass, InstanceOptions instanceOptions) {
    this(foregroundClass, instanceOptions, Double.NaN);
  }

  /**
   * @param foregroundThreshold the foreground probability from which a pixel is foreground, NaN for
   *     the most probable class ({@link FrameAssembler})
   */
  public FrameStitcher(int foregroundClass, InstanceOptions instanceOptions, double foregroundThreshold) {
    if (foregroundClass < 0 || foregroundClass >= TileChecks.MAX_CLASSES) {
      throw new IllegalArgumentException("foreground-class=" + foregroundClass
          + " is outside 0.." + (TileChecks.MAX_CLASSES - 1));
    }
    this.foregroundClass = foregroundClass;
    this.instanceOptions = instanceOptions;
    this.foregroundThreshold = foregroundThreshold;
  }

  public int foregroundClass() {
    return foregroundClass;
  }

  /** An empty assembly for a frame of this signature. */
  public FrameAssembler assembler(FrameSignature signature) {
    return new FrameAssembler(signature, foregroundClass, foregroundThreshold);
  }

  /**
   * Stitches a complete set of tiles, in any order.
   *
   * @param stitchedAt the publication time to record (epoch ms)
   * @throws Rejection when a tile is invalid or contradicts the first, or when the frame has
   *     more cells than uint16 labels can number
   * @throws IllegalStateException when a tile is missing or repeated
   */
  public StitchedFrame stitch(Iterable<TileMask> tiles, long stitchedAt) {
    Iterator<TileMask> it = tiles.iterator();
    if (!it.hasNext()) {
      throw new IllegalArgumentException("no tiles to stitch");
    }
    TileMask first = it.next();
    FrameAssembler assembler = assembler(FrameSignature.of(first));
    assembler.add(first);
    it.forEachRemaining(assembler::add);
    return finish(assembler.finish(), stitchedAt);
  }

  /**
   * Labels the cells of an assembled frame and builds its records.
   *
   * @throws Rejection ({@link DeadLetterError#TOO_MANY_INSTANCES}) when there are more than 65535
   *     cells
   */
  public StitchedFrame finish(AssembledFrame frame, long stitchedAt) {
    Instances instances = instanceOptions.labelClass(frame.classLabels(), foregroundClass, frame.width(),
        frame.height());
    if (instances.count() > Instances.MAX_UINT16_LABELS) {
      throw new Rejection(DeadLetterError.TOO_MANY_INSTANCES, "frame " + frame.acquisitionId() + "/"
          + frame.frameIndex() + " has " + instances.count() + " cells; uint16 instance labels hold at most "
          + Instances.MAX_UINT16_LABELS);
    }
    FrameSignature s = frame.signature();
    Mask mask = Mask.newBuilder()
        .setAcquisitionId(frame.acquisitionId())
        .setFrameIndex(frame.frameIndex())
        .setWidth(frame.width())
        .setHeight(frame.height())
        .setClassNames(List.of())
        .setClassLabels(ByteBuffer.wrap(frame.classLabels()))
        .setForeground(ByteBuffer.wrap(frame.foreground()))
        .setInstanceCount(instances.count())
        .setInstances(ByteBuffer.wrap(instances.toUint16Le()))
        .setModelId(s.modelId())
        .setModelSha256(s.modelSha256())
        .setGeometryId(s.geometryId())
        .setTileCount(s.tileCount())
        .setCapturedAt(Instant.ofEpochMilli(frame.capturedAt()))
        .setTiledAt(Instant.ofEpochMilli(frame.tiledAt()))
        .setFirstScoredAt(Instant.ofEpochMilli(frame.firstScoredAt()))
        .setLastScoredAt(Instant.ofEpochMilli(frame.lastScoredAt()))
        .setStitchedAt(Instant.ofEpochMilli(stitchedAt))
        .build();
    ObjectTable objects = ObjectTable.newBuilder()
        .setAcquisitionId(frame.acquisitionId())
        .setFrameIndex(frame.frameIndex())
        .setWidth(frame.width())
        .setHeight(frame.height())
        .setModelId(s.modelId())
        .setCapturedAt(Instant.ofEpochMilli(frame.capturedAt()))
        .setCells(ObjectRows.of(instances, frame.foreground()))
        .build();
    return new StitchedFrame(mask, objects);
  }
}
