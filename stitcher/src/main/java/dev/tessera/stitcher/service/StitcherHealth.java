package dev.tessera.stitcher.service;

import dev.tessera.stitcher.topology.StitcherSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness detail of the stitcher beside the Kafka Streams extension's own checks (the stream's
 * state for liveness, its input topic for readiness): the open and held frames against their
 * limit, frames published and timed out so far, so an operator sees a stitcher that is shedding
 * frames to the dead-letter topic. It is always up: the stream's state decides readiness.
 */
@Readiness
@ApplicationScoped
public class StitcherHealth implements HealthCheck {

  static final String NAME = "Tessera stitcher";

  @Inject
  StitcherMetrics metrics;

  @Inject
  StitcherSettings settings;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named(NAME)
        .up()
        .withData("openFrames", metrics.openFrames())
        .withData("heldFrames", metrics.heldFrames())
        .withData("maxOpenFramesPerTask", settings.maxOpenFrames())
        .withData("framesPublished", (long) metrics.framesPublished())
        .withData("framesTimedOut", (long) metrics.timeouts())
        .withData("inOrder", settings.inOrder())
        .withData("frameTimeout", settings.frameTimeout().toString())
        .build();
  }
}
