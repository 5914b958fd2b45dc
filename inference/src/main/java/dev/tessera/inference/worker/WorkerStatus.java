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
 */
public record WorkerStatus(State state, int assignedPartitions, Instant lastLoop, Optional<String> failure,
    long tilesScored, long deadLetters, long committedTransactions, long abortedTransactions) {

  /** Life of a worker. */
  public enum State { CREATED, STARTING, RUNNING, STOPPING, STOPPED, FAILED }

  /** Whether the poll loop is running and went round within {@code maxSilence} of {@code now}. */
  public boolean alive(Instant now, java.time.Duration maxSilence) {
    return switch (state) {
      case CREATED, STARTING, STOPPING -> true;
      case RUNNING -> !lastLoop.plus(maxSilence).isBefore(now);
      case STOPPED, FAILED -> false;
    };
  }
}
