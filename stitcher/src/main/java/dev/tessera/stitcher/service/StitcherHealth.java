package dev.tessera.stitcher.service;

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
 * Health of the stitcher: ready while its Kafka Streams client runs and it is not shedding load
 * (no frame evicted by the open-frame limit within {@code tessera.stitcher.shedding-window}), live unless its
 * client failed; both report the open and held frames against their limit, frames published,
 * timed out and evicted, so an operator sees a stitcher that is shedding frames to the dead-letter
 * topic.
 */
final class StitcherHealth {

  static final String NAME = "Tessera stitcher";

  private StitcherHealth() {}

  static HealthCheckResponse describe(StitcherService service, StitcherMetrics metrics, boolean readiness,
      Duration sheddingWindow) {
    HealthCheckResponseBuilder b = service.health(NAME, readiness, service.kafka().topics().tileMasks().name())
        .withData("openFrames", metrics.openFrames())
        .withData("heldFrames", metrics.heldFrames())
        .withData("framesPublished", (long) metrics.framesPublished())
        .withData("framesTimedOut", (long) metrics.timeouts());
    metrics.lastEviction().ifPresent(at -> b.withData("lastEviction", at.toString()));
    boolean shedding = shedding(metrics.lastEviction(), Instant.now(), sheddingWindow);
    if (readiness && !HealthLog.record(NAME + " load", !shedding, "frames evicted by max-open-frames, the last at "
        + metrics.lastEviction().map(Instant::toString).orElse("never"))) {
      b.down().withData("shedding", "frames evicted by max-open-frames in the last " + sheddingWindow
          + ": tiles arrive faster than frames complete, or frames miss tiles");
    }
    service.settings().ifPresent(s -> b.withData("maxOpenFramesPerTask", s.maxOpenFrames())
        .withData("inOrder", s.inOrder()).withData("frameTimeout", s.frameTimeout().toString()));
    return b.build();
  }

  /** Whether an eviction at {@code lastEviction} lies within {@code window} before {@code now}. */
  static boolean shedding(Optional<Instant> lastEviction, Instant now, Duration window) {
    return !window.isZero() && !window.isNegative() && lastEviction.map(at -> !at.plus(window).isBefore(now)).orElse(false);
  }

  @Readiness
  @ApplicationScoped
  static class Ready implements HealthCheck {
    private final StitcherService service;
    private final StitcherMetrics metrics;

    private final StitcherConfig config;

    Ready(StitcherService service, StitcherMetrics metrics, StitcherConfig config) {
      this.config = config;
      this.service = service;
      this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
      return describe(service, metrics, true, config.sheddingWindow());
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
      return describe(service, metrics, false, Duration.ZERO);
    }
  }
}
