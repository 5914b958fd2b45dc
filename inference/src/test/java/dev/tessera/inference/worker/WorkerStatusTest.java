package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerStatusTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration LIVENESS = Duration.ofMinutes(5);

  private static WorkerStatus running(int failedInARow, Optional<Instant> failingSince) {
    return new WorkerStatus(WorkerStatus.State.RUNNING, 3, NOW, Optional.empty(), 10, 0, 4, failedInARow,
        failedInARow, failingSince, failedInARow == 0 ? Optional.empty() : Optional.of("TimeoutException"), 0,
        Optional.empty());
  }

  private static WorkerStatus failingRuns(int failedRuns) {
    return new WorkerStatus(WorkerStatus.State.RUNNING, 3, NOW, Optional.empty(), 10, failedRuns, 4, 0, 0,
        Optional.empty(), Optional.empty(), failedRuns, Optional.of("CUDA failure 700: an illegal memory access"));
  }

  @Test
  void aWorkerFailingEveryTransactionGoesNotReadyAtTheLimitAndReadyAgainAfterACommit() {
    assertThat(running(0, Optional.empty()).ready(5, 3)).isTrue();
    assertThat(running(4, Optional.of(NOW)).ready(5, 3)).isTrue();
    assertThat(running(5, Optional.of(NOW)).ready(5, 3)).isFalse();
    // a commit resets the streak (InferenceWorker): ready again
    assertThat(running(0, Optional.empty()).ready(5, 3)).isTrue();
  }

  @Test
  void aWorkerFailingForLongerThanTheLivenessTimeoutIsNotAliveThoughItsLoopGoesRound() {
    assertThat(running(50, Optional.of(NOW.minus(Duration.ofMinutes(4)))).alive(NOW, LIVENESS)).isTrue();
    assertThat(running(50, Optional.of(NOW.minus(Duration.ofMinutes(6)))).alive(NOW, LIVENESS)).isFalse();
    assertThat(running(0, Optional.empty()).alive(NOW, LIVENESS)).isTrue();
  }

  @Test
  void aWorkerWithoutPartitionsIsNotReady() {
    WorkerStatus none = new WorkerStatus(WorkerStatus.State.RUNNING, 0, NOW, Optional.empty(), 0, 0, 0, 0, 0,
        Optional.empty(), Optional.empty(), 0, Optional.empty());
    assertThat(none.ready(5, 3)).isFalse();
  }

  @Test
  void aWorkerWhoseModelRunsKeepFailingGoesNotReadyAtTheLimitAndReadyAgainAfterARunThatWorks() {
    assertThat(failingRuns(2).ready(5, 3)).isTrue();
    assertThat(failingRuns(3).ready(5, 3)).isFalse();
    // a run that works resets the streak (InferenceWorker): ready again
    assertThat(failingRuns(0).ready(5, 3)).isTrue();
    // its transactions still commit (the tiles become dead letters), so it stays alive
    assertThat(failingRuns(30).alive(NOW, LIVENESS)).isTrue();
  }
}
