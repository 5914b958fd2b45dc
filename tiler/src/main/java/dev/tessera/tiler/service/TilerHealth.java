package dev.tessera.tiler.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health from the Kafka Streams state ({@link StreamsRunner}): ready while the stream runs
 * ({@code /q/health/ready}), live unless it failed ({@code /q/health/live}).
 */
final class TilerHealth {

  static final String NAME = "Tessera tiler stream";

  private TilerHealth() {}

  static HealthCheckResponse describe(TilerService service, boolean readiness) {
    HealthCheckResponseBuilder b = service.health(NAME, readiness, service.kafka().topics().frames().name());
    service.settings().ifPresent(s -> b.withData("geometry", "depth " + s.geometry().depth() + ", inputs up to "
        + s.largestInputSize()).withData("source", s.source()));
    return b.build();
  }

  @Readiness
  @ApplicationScoped
  static class Ready implements HealthCheck {
    private final TilerService service;

    Ready(TilerService service) {
      this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
      return describe(service, true);
    }
  }

  @Liveness
  @ApplicationScoped
  static class Live implements HealthCheck {
    private final TilerService service;

    Live(TilerService service) {
      this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
      return describe(service, false);
    }
  }
}
