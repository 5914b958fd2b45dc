package dev.tessera.tracker.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the tracker: ready while its Kafka Streams client runs, live unless its client
 * failed; both report the acquisitions in state, frames tracked and summaries published.
 */
final class TrackerHealth {

  static final String NAME = "Tessera tracker";

  private TrackerHealth() {}

  static HealthCheckResponse describe(TrackerService service, TrackerMetrics metrics, boolean readiness) {
    var b = service.health(NAME, readiness, service.kafka().topics().masks().name() + ", "
            + service.kafka().topics().objects().name())
        .withData("acquisitions", metrics.acquisitions())
        .withData("framesTracked", (long) metrics.framesTracked())
        .withData("summariesPublished", (long) metrics.summaries());
    service.settings().ifPresent(s -> b.withData("maxGap", s.linking().maxGap())
        .withData("summaryAfter", s.summaryAfter().toString()));
    return b.build();
  }

  @Readiness
  @ApplicationScoped
  static class Ready implements HealthCheck {
    private final TrackerService service;
    private final TrackerMetrics metrics;

    Ready(TrackerService service, TrackerMetrics metrics) {
      this.service = service;
      this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
      return describe(service, metrics, true);
    }
  }

  @Liveness
  @ApplicationScoped
  static class Live implements HealthCheck {
    private final TrackerService service;
    private final TrackerMetrics metrics;

    Live(TrackerService service, TrackerMetrics metrics) {
      this.service = service;
      this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
      return describe(service, metrics, false);
    }
  }
}
