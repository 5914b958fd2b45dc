package dev.tessera.inference.service;

import dev.tessera.model.runtime.UNetModel;
import dev.tessera.inference.worker.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the worker: live while its poll loop goes round ({@code /q/health/live}); ready when
 * the model is loaded, its self-test passed and the worker holds partitions ({@code
 * /q/health/ready}). A worker that runs on the CPU because {@code device=auto} could not load CUDA
 * says why in its readiness data.
 */
final class WorkerHealth {

  private WorkerHealth() {}

  @Liveness
  @ApplicationScoped
  static class PollLoop implements HealthCheck {

    @Inject
    InferenceService service;

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("inference-poll-loop");
      Optional<WorkerStatus> status = service.status();
      if (status.isEmpty()) {
        return b.up().withData("state", "starting").build();
      }
      WorkerStatus s = status.get();
      Duration timeout = service.settings().map(InferenceSettings::livenessTimeout).orElse(Duration.ofMinutes(5));
      b.status(s.alive(Instant.now(), timeout))
          .withData("state", s.state().name())
          .withData("lastLoop", s.lastLoop().toString())
          .withData("tilesScored", s.tilesScored())
          .withData("deadLetters", s.deadLetters())
          .withData("abortedTransactions", s.abortedTransactions());
      s.failure().ifPresent(f -> b.withData("failure", f));
      return b.build();
    }
  }

  @Readiness
  @ApplicationScoped
  static class Ready implements HealthCheck {

    @Inject
    InferenceService service;

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
      boolean ready = m.selfTest().passed() && s.state() == WorkerStatus.State.RUNNING && s.assignedPartitions() > 0;
      b.status(ready)
          .withData("model", m.modelId())
          .withData("sha256", m.sha256())
          .withData("device", m.device())
          .withData("selfTest", m.selfTest().describe())
          .withData("state", s.state().name())
          .withData("assignedPartitions", s.assignedPartitions());
      m.deviceFallback().ifPresent(reason -> b.withData("deviceFallback", reason));
      return b.build();
    }
  }
}
