package dev.tessera.inference.worker;

/**
 * What a worker reports as it goes, for metrics. Called on the worker's thread; implementations
 * must be quick and must not throw.
 */
public interface WorkerListener {

  /** A listener that ignores everything. */
  WorkerListener NONE = new WorkerListener() {};

  /**
   * A batch was scored.
   *
   * @param batchSize tiles in the batch
   * @param queueNanos how long its oldest tile waited between poll and scoring
   * @param computeNanos pre-processing, model run and post-processing
   */
  default void batchScored(int batchSize, long queueNanos, long computeNanos) {}

  /** A record went to the dead-letter topic (reported once its transaction committed). */
  default void deadLettered(String errorType) {}

  /** A transaction committed {@code tileMasks} tile masks and {@code deadLetters} dead letters. */
  default void committed(int tileMasks, int deadLetters, long transactionNanos) {}

  /** A transaction was aborted (or its outcome was unknown) and its records will be read again. */
  default void aborted(Throwable cause) {}
}
