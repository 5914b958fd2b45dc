package dev.tessera.ingest.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The service's configuration, as properties ({@code tessera.ingest.max-body-bytes}) or
 * environment variables ({@code TESSERA_INGEST_MAX_BODY_BYTES}). Three mappings rather than one
 * under {@code tessera}, so keys of other Tessera services in a shared environment are not taken
 * for typos here, while a misspelt {@code tessera.ingest.*} key still fails the start. Checked as
 * a whole by {@link IngestSettings#from} at start-up.
 */
public final class IngestConfig {

  private IngestConfig() {}

  /** {@code tessera.kafka.*}: shared by every Tessera service. */
  @ConfigMapping(prefix = "tessera.kafka")
  public interface Kafka {
    /** {@code tessera.kafka.bootstrap-servers}. */
    @WithDefault("localhost:9092")
    String bootstrapServers();

    /** {@code tessera.kafka.max-record-bytes}: the largest record value, 72 MiB by default. */
    @WithDefault("75497472")
    int maxRecordBytes();

    /** {@code tessera.kafka.compression}: none, gzip, snappy, lz4 or zstd. */
    @WithDefault("none")
    String compression();
  }

  /** {@code tessera.topics.*}: shared by every Tessera service. */
  @ConfigMapping(prefix = "tessera.topics")
  public interface Topics {
    /** {@code tessera.topics.prefix}: topics are named {@code <prefix>frames}, ... */
    @WithDefault("tessera.")
    String prefix();
  }

  /** {@code tessera.ingest.*}. */
  @ConfigMapping(prefix = "tessera.ingest")
  public interface Ingest {
    /** {@code tessera.ingest.create-topics}: create missing topics at start-up. */
    @WithDefault("true")
    boolean createTopics();

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
