package dev.tessera.ingest.service;

import dev.tessera.ingest.watch.FolderWatcher;
import dev.tessera.service.HealthLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: up when the broker answers and the frames and dead-letter topics exist,
 * and the folder watcher (if any) is running. {@code /q/health/live}: down only when the folder
 * watcher's thread has died. Both carry the watcher's status as data.
 */
@ApplicationScoped
public class IngestHealth {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final IngestService service;

  public IngestHealth(IngestService service) {
    this.service = service;
  }

  @Produces
  @Readiness
  HealthCheck ready() {
    return () -> {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("tessera-ingest broker and topics");
      if (service.settings() == null) {
        return b.down().withData("error", "not started").build();
      }
      b.withData("bootstrap-servers", service.settings().kafka().bootstrapServers())
          .withData("frames-topic", service.settings().topics().frames().name());
      boolean up;
      try {
        service.checkTopics(TIMEOUT);
        up = true;
      } catch (Exception e) {
        b.withData("error", "cannot describe the topics: " + (e.getCause() != null ? e.getCause() : e));
        up = false;
      }
      Optional<FolderWatcher> watcher = service.watcher();
      if (watcher.isPresent()) {
        up &= withWatcher(b, watcher.get());
      }
      return b.status(HealthLog.record("ingest readiness", up, "broker and topics of "
          + service.settings().kafka().bootstrapServers())).build();
    };
  }

  @Produces
  @Liveness
  HealthCheck live() {
    return () -> {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("tessera-ingest folder watcher");
      Optional<FolderWatcher> watcher = service.watcher();
      return watcher.isEmpty() ? b.up().withData("watching", false).build() : b.status(withWatcher(b, watcher.get())).build();
    };
  }

  private static boolean withWatcher(HealthCheckResponseBuilder b, FolderWatcher watcher) {
    FolderWatcher.Status s = watcher.status();
    b.withData("watch-dir", watcher.settings().folder().toString())
        .withData("watch-acquisition", watcher.settings().acquisitionId())
        .withData("watch-running", s.running())
        .withData("watch-published-files", s.publishedFiles())
        .withData("watch-dead-lettered-files", s.deadLetteredFiles())
        .withData("watch-pending-files", s.pendingFiles())
        .withData("watch-next-frame-index", s.nextFrameIndex());
    if (s.lastError() != null) {
      b.withData("watch-last-error", s.lastError());
    }
    return s.running();
  }
}
