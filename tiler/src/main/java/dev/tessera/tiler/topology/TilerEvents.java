package dev.tessera.tiler.topology;

/**
 * What the tiler reports as it runs, for metrics. Called on stream threads; implementations must be
 * thread-safe and quick. Under exactly-once a task that is retried after a failure reports its
 * frames again, so these are counts of work done, not of records committed.
 */
public interface TilerEvents {

  /** Reports nothing. */
  TilerEvents NONE = new TilerEvents() {};

  /** A frame was cut into {@code tiles} tiles. */
  default void frameTiled(int tiles) {}

  /** A record went to the dead-letter topic with this error type (a {@code DeadLetterError} code). */
  default void deadLetter(String errorType) {}
}
