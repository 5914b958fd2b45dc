package dev.tessera.ingest.watch;

import dev.tessera.ingest.publish.PublishedFrame;
import java.nio.file.Path;
import java.util.List;

/** Told what a folder watcher does, for metrics and progress displays. Called on the watcher's thread. */
public interface WatchListener {

  /** Ignores everything. */
  WatchListener NONE = new WatchListener() { };

  /** A frame of {@code file} was acknowledged; {@code done} of {@code total} frames of this call so far. */
  default void progress(Path file, PublishedFrame frame, int done, int total) {}

  /** All frames of {@code file} are published (after a restart, only the missing ones are listed). */
  default void published(Path file, List<PublishedFrame> frames) {}

  /** {@code file} was dead-lettered with this error type (a {@code DeadLetterError} code). */
  default void deadLettered(Path file, String errorType, String reason) {}
}
