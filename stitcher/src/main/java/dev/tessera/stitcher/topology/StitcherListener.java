package dev.tessera.stitcher.topology;

/**
 * Events the stitcher's processors report, for metrics. Called on stream threads: implementations
 * must be thread-safe and fast. Every method does nothing by default.
 */
public interface StitcherListener {

  /** A listener that ignores everything. */
  StitcherListener NONE = new StitcherListener() {};

  /** A frame's mask and object table were handed to the output topics. */
  default void framePublished(long captureToStitchMillis, int cells) {}

  /**
   * A frame finished after its acquisition's later frames were published, and was published out
   * of order (after {@link #framePublished}).
   */
  default void framePublishedOutOfOrder() {}

  /** A frame was given up incomplete (timeout or open-frame limit). */
  default void frameTimedOut() {}

  /**
   * The frame just given up ({@link #frameTimedOut}) was evicted by the open-frame limit, not by its
   * timeout: the stitcher is shedding load.
   */
  default void frameEvicted() {}

  /** A dead letter was produced, of this error type (a {@code DeadLetterError} code). */
  default void deadLetter(String errorType) {}

  /** A tile arrived again and changed nothing. */
  default void duplicateTile() {}

  /** The number of frames holding tile state changed by {@code delta} (all tasks add up). */
  default void openFramesChanged(int delta) {}

  /** The number of finished frames held back for in-order emission changed by {@code delta}. */
  default void heldFramesChanged(int delta) {}
}
