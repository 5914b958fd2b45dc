package dev.tessera.inference.service;

import dev.tessera.model.runtime.UNetModel;
import dev.tessera.inference.worker.WorkerStatus;
import dev.tessera.service.HealthLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the worker: live while its poll loop goes round and it has not failed every
 * transaction for longer than {@code tessera.inference.liveness-timeout} ({@code /q/health/live});
 * ready when the model is loaded, its self-test passed, the worker holds partitions and fewer than
 * {@code tessera.inference.max-failed-transactions} transactions or {@code max-failed-runs} model runs
 * failed in a row ({@code
 * /q/health/ready}, with the last failure as the reason). A worker that runs on the CPU because {@code device=auto} could not load CUDA
 * says why in its readiness data.
 */
final class WorkerHealth {

  private WorkerHealth() {}

  @Liveness
  @ApplicationScoped
  static class PollLoop implements HealthCheck {

    private final InferenceService service;

    PollLoop(InferenceService service) {
      this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("inference-poll-loop");
      Optional<WorkerStatus> status = service.status();
      if (status.isEmpty()) {
        return b.up().withData("state", "starting").build();
      }
      WorkerStatus s = status.get();
      Duration timeout = service.settings().map(InferenceSettings::livenessTimeout).orElse(Duration.ofMinutes(5));
      b.status(HealthLog.record("inference liveness", s.alive(Instant.now(), timeout), s.state()
          + s.failure().map(f -> ": " + f).orElse("")))
          .withData("state", s.state().name())
          .withData("lastLoop", s.lastLoop().toString())
          .withData("tilesScored", s.tilesScored())
          .withData("deadLetters", s.deadLetters())
          .withData("abortedTransactions", s.abortedTransactions())
          .withData("failedInARow", s.failedInARow())
          .withData("failedRunsInARow", s.failedRunsInARow());
      s.failure().ifPresent(f -> b.withData("failure", f));
      s.failingSince().ifPresent(since -> b.withData("failingSince", since.toString()));
      return b.build();
    }
  }

  @Readiness
  @ApplicationScoped
  static class Ready implements HealthCheck {

    private final InferenceService service;

    Ready(InferenceService service) {
      this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("inference-ready");
      Optional<UNetModel> model = service.model();
      Optional<WorkerStatus> status = service.status();
      if (model.isEmpty() || status.isEmpty()) {
        return b.down().withData("reason", "model not loaded yet").build();
      }
      UNetModel m = model.get();
      WorkerStatus s = status.get();
      int maxFailed = service.settings().map(InferenceSettings::maxFailedTransactions).orElse(Integer.MAX_VALUE);
      int maxFailedRuns = service.settings().map(InferenceSettings::maxFailedRuns).orElse(Integer.MAX_VALUE);
      boolean ready = HealthLog.record("inference readiness",
          m.selfTest().passed() && s.ready(maxFailed, maxFailedRuns),
          s.state() + ", " + s.assignedPartitions() + " partitions, " + s.failedInARow() + " failed transactions in a"
              + " row" + s.lastTransactionFailure().map(f -> " (last: " + f + ")").orElse("") + ", "
              + s.failedRunsInARow() + " failed model runs in a row"
              + s.lastRunFailure().map(f -> " (last: " + f + ")").orElse(""));
      b.status(ready)
          .withData("model", m.modelId())
          .withData("sha256", m.sha256())
          .withData("device", m.device())
          .withData("selfTest", m.selfTest().describe())
          .withData("state", s.state().name())
          .withData("assignedPartitions", s.assignedPartitions())
          .withData("failedInARow", s.failedInARow())
          .withData("failedRunsInARow", s.failedRunsInARow());
      if (s.failedInARow() >= maxFailed) {
        b.withData("reason", s.failedInARow() + " transactions failed in a row (tessera.inference.max-failed-transactions="
            + maxFailed + "), the last: " + s.lastTransactionFailure().orElse("unknown"));
      }
      if (s.failedRunsInARow() >= maxFailedRuns) {
        b.withData("reason", s.failedRunsInARow() + " model runs failed in a row (tessera.inference.max-failed-runs="
            + maxFailedRuns + "), the last: " + s.lastRunFailure().orElse("unknown"));
      }
      m.deviceFallback().ifPresent(reason -> b.withData("deviceFallback", reason));
      return b.build();
    }
  }
}
