package dev.tessera.tiler.service;

import dev.tessera.schemas.Topics;
import dev.tessera.tiler.tiling.TilerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness from the Kafka Streams state ({@link StreamState#isReady()}). The extension reports the
 * state under liveness only, but a load balancer or an orchestrator asks readiness.
 */
@Readiness
@ApplicationScoped
public class TilerReadiness implements HealthCheck {

  static final String NAME = "Tessera tiler stream";

  private final StreamState stream;
  private final TilerSettings settings;
  private final Topics topics;

  TilerReadiness(StreamState stream, TilerSettings settings, Topics topics) {
    this.stream = stream;
    this.settings = settings;
    this.topics = topics;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named(NAME)
        .status(stream.isReady())
        .withData("state", stream.state().name())
        .withData("input", topics.frames().name())
        .withData("geometry", "depth " + settings.geometry().depth() + ", inputs up to " + settings.largestInputSize())
        .withData("source", settings.source())
        .build();
  }
}
