package dev.tessera.ingest.service;

import dev.tessera.ingest.publish.PublishedFrame;
import dev.tessera.ingest.upload.UploadRejectedException;
import dev.tessera.ingest.watch.WatchListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;

/**
 * Counters at {@code /q/metrics}, tagged by {@code source} ({@code http} or {@code watch}):
 * {@code tessera_ingest_frames_total} frames published, {@code tessera_ingest_bytes_total} bytes
 * of their records, and {@code tessera_ingest_rejects_total} uploads and files refused, tagged by
 * {@code reason} ({@code bad-request}, {@code too-large}, {@code unsupported}, {@code unavailable},
 * or the dead letter's error type).
 */
@ApplicationScoped
@Startup // its series exist from the start, at zero, not from the first upload
public class IngestMetrics {

  public static final String HTTP = "http";
  public static final String WATCH = "watch";

  private final MeterRegistry registry;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String source : List.of(HTTP, WATCH)) {
      registry.counter("tessera.ingest.frames", "source", source);
      registry.counter("tessera.ingest.bytes", "source", source);
    }
    for (int status : List.of(UploadRejectedException.BAD_REQUEST, UploadRejectedException.TOO_LARGE,
        UploadRejectedException.UNSUPPORTED, UploadRejectedException.UNAVAILABLE)) {
      registry.counter("tessera.ingest.rejects", "source", HTTP, "reason", UploadRejectedException.kindOf(status));
    }
  }

  public void published(String source, int frames, long bytes) {
    registry.counter("tessera.ingest.frames", "source", source).increment(frames);
    registry.counter("tessera.ingest.bytes", "source", source).increment(bytes);
  }

  public void rejected(String source, String reason) {
    registry.counter("tessera.ingest.rejects", "source", source, "reason", reason).increment();
  }

  /** Counts what a folder watcher publishes and dead-letters. */
  public WatchListener watchListener() {
    return new WatchListener() {
      @Override
      public void published(Path file, List<PublishedFrame> frames) {
        IngestMetrics.this.published(WATCH, frames.size(), frames.stream().mapToLong(PublishedFrame::recordBytes).sum());
      }

      @Override
      public void deadLettered(Path file, String errorType, String reason) {
        rejected(WATCH, errorType);
      }
    };
  }
}
