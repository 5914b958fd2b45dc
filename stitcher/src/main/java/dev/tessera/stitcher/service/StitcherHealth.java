package dev.tessera.stitcher.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the stitcher: ready while its Kafka Streams client runs, live unless it failed; both
 * report the open and held frames against their limit, frames published and timed out, so an
 * operator sees a stitcher that is shedding frames to the dead-letter topic.
 */
final class StitcherHealth {

  static final String NAME = "Tessera stitcher";

  private StitcherHealth() {}

  static HealthCheckResponse describe(StitcherService service, StitcherMetrics metrics, boolean readiness) {
    HealthCheckResponseBuilder b = service.health(NAME, readiness, service.kafka().topics().tileMasks().name())
        .withData("openFrames", metrics.openFrames())
        .withData("heldFrames", metrics.heldFrames())
        .withData("framesPublished", (long) metrics.framesPublished())
        .withData("framesTimedOut", (long) metrics.timeouts());
    service.settings().ifPresent(s -> b.withData("maxOpenFramesPerTask", s.maxOpenFrames())
        .withData("inOrder", s.inOrder()).withData("frameTimeout", s.frameTimeout().toString()));
    return b.build();
  }

  @Readiness
  @ApplicationScoped
  static class Ready implements HealthCheck {
    private final StitcherService service;
    private final StitcherMetrics metrics;

    Ready(StitcherService service, StitcherMetrics metrics) {
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
    private final StitcherService service;
    private final StitcherMetrics metrics;

    Live(StitcherService service, StitcherMetrics metrics) {
      this.service = service;
      this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
      return describe(service, metrics, false);
    }
  }
}
