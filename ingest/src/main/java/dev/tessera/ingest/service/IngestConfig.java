package dev.tessera.ingest.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The service's own configuration, as properties ({@code tessera.ingest.max-body-bytes}) or
 * environment variables ({@code TESSERA_INGEST_MAX_BODY_BYTES}); {@code tessera.kafka.*} and
 * {@code tessera.topics.*} are every service's ({@link dev.tessera.service.TesseraKafka}). A
 * misspelt {@code tessera.ingest.*} key fails the start. Checked as a whole by {@link
 * IngestSettings#from} at start-up.
 */
public final class IngestConfig {

  private IngestConfig() {}

  /** {@code tessera.ingest.*}. */
  @ConfigMapping(prefix = "tessera.ingest")
  public interface Ingest {
    /** {@code tessera.ingest.max-body-bytes}: the largest HTTP body accepted. */
    @WithDefault("75497472")
    long maxBodyBytes();

    Watch watch();
  }

  /** {@code tessera.ingest.watch.*}: the folder watcher, on when {@code dir} is set. */
  public interface Watch {
    /** {@code tessera.ingest.watch.dir}. */
    Optional<String> dir();

    /** {@code tessera.ingest.watch.acquisition-id}: default derived from the folder's name. */
    Optional<String> acquisitionId();

    /** {@code tessera.ingest.watch.stable-interval}. */
    @WithDefault("2s")
    Duration stableInterval();

    /** {@code tessera.ingest.watch.rescan-interval}. */
    @WithDefault("10s")
    Duration rescanInterval();

    /** {@code tessera.ingest.watch.state-file}: default {@code <dir>/.tessera-ingest-state}. */
    Optional<String> stateFile();
  }
}
