package dev.tessera.tracker.topology;

/**
 * Events the tracker reports, for metrics. Called on stream threads: implementations must be
 * thread-safe and fast. Every method does nothing by default.
 */
public interface TrackerListener {

  /** A listener that ignores everything. */
  TrackerListener NONE = new TrackerListener() {};

  /** A frame's tracks were published. */
  default void frameTracked(long captureToTrackMillis, int cells, int tracksStarted, int divisions) {}

  /** A track summary was published. */
  default void summaryPublished(int tracks) {}

  /** A dead letter was produced, of this error type (a {@code DeadLetterError} code). */
  default void deadLetter(String errorType) {}

  /** The number of acquisitions with tracking state changed by {@code delta} (all tasks add up). */
  default void acquisitionsChanged(int delta) {}
}
