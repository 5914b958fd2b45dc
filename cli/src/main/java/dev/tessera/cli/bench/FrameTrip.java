package dev.tessera.cli.bench;

import dev.tessera.records.Mask;

/**
 * One frame's trip through the pipeline, in wall-clock milliseconds of the one JVM that runs every
 * stage: published (the frame's {@code capturedAt}, set as it is handed to the producer), cut by
 * the tiler, its first and last tile scored, stitched, and its mask and object table read back.
 */
public record FrameTrip(long frameIndex, long publishedAt, long tiledAt, long firstScoredAt, long lastScoredAt,
    long stitchedAt, long readAt) {

  /** The trip of a frame whose mask (carrying the stage timestamps) was read at {@code readAt}. */
  public static FrameTrip of(Mask mask, long readAt) {
    return new FrameTrip(mask.getFrameIndex(), mask.getCapturedAt().toEpochMilli(), mask.getTiledAt().toEpochMilli(),
        mask.getFirstScoredAt().toEpochMilli(), mask.getLastScoredAt().toEpochMilli(),
        mask.getStitchedAt().toEpochMilli(), readAt);
  }

  /** Published to read, milliseconds. */
  public long latency() {
    return readAt - publishedAt;
  }

  /** The five hops in order (see {@link StageBreakdown#HOPS}), milliseconds. */
  long[] hops() {
    return new long[] {tiledAt - publishedAt, firstScoredAt - tiledAt, lastScoredAt - firstScoredAt,
        stitchedAt - lastScoredAt, readAt - stitchedAt};
  }
}
