package dev.tessera.inference.worker;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a worker, for health checks.
 *
 * @param state where the worker is in its life
 * @param assignedPartitions tiles partitions currently assigned to it
 * @param lastLoop when the poll loop last went round
 * @param failure why the worker stopped, when it failed
 * @param tilesScored tile masks committed so far
 * @param deadLetters dead letters committed so far
 * @param committedTransactions transactions committed
 * @param abortedTransactions transactions aborted or of unknown outcome
 * @param failedInARow transactions failed since the last commit
 * @param failingSince when the current streak of failed transactions began
 * @param lastTransactionFailure why the last transaction failed
 * @param failedRunsInARow model runs that threw since the last one that did not (a broken GPU, a
 *     model that fails on every input)
 * @param lastRunFailure why the last failed model run failed
 */
public record WorkerStatus(State state, int assignedPartitions, Instant lastLoop, Optional<String> failure,
    long tilesScored, long deadLetters, long committedTransactions, long abortedTransactions, int failedInARow,
    Optional<Instant> failingSince, Optional<String> lastTransactionFailure, int failedRunsInARow,
    Optional<String> lastRunFailure) {

  /** Life of a worker. */
  public enum State { CREATED, STARTING, RUNNING, STOPPING, STOPPED, FAILED }

  /**
   * Whether the poll loop is running, went round within {@code maxSilence} of {@code now}, and has
   * not been failing every transaction for longer than that.
   */
  public boolean alive(Instant now, java.time.Duration maxSilence) {
    return switch (state) {
      case CREATED, STARTING, STOPPING -> true;
      case RUNNING -> !lastLoop.plus(maxSilence).isBefore(now)
          && failingSince.map(since -> !since.plus(maxSilence).isBefore(now)).orElse(true);
      case STOPPED, FAILED -> false;
    };
  }

  /**
   * Whether the worker can do its job: running with partitions, fewer than {@code maxFailed}
   * transactions failed in a row (a worker stuck in an abort-and-retry loop is not ready) and fewer
   * than {@code maxFailedRuns} model runs failed in a row (a worker whose every tile becomes a dead
   * letter is not ready).
   */
  public boolean ready(int maxFailed, int maxFailedRuns) {
    return state == State.RUNNING && assignedPartitions > 0 && failedInARow < maxFailed
        && failedRunsInARow < maxFailedRuns;
  }
}
