package dev.tessera.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.ingest.watch.WatchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up validation of the configuration, without Quarkus. */
class IngestSettingsTest {

  @TempDir
  Path dir;

  private record Kafka(String bootstrapServers, int maxRecordBytes, String compression) implements IngestConfig.Kafka {}

  private record Topics(String prefix) implements IngestConfig.Topics {}

  private record Watch(Optional<String> dir, Optional<String> acquisitionId, Duration stableInterval,
      Duration rescanInterval, Optional<String> stateFile) implements IngestConfig.Watch {}

  private record Ingest(boolean createTopics, long maxBodyBytes, IngestConfig.Watch watch) implements IngestConfig.Ingest {}

  private static final Kafka KAFKA = new Kafka("localhost:9092", 75497472, "none");
  private static final Topics TOPICS = new Topics("tessera.");
  private static final Watch NO_WATCH = new Watch(Optional.empty(), Optional.empty(), Duration.ofSeconds(2),
      Duration.ofSeconds(10), Optional.empty());

  @Test
  void acceptsTheDefaults() {
    IngestSettings settings = IngestSettings.from(KAFKA, TOPICS, new Ingest(true, 75497472, NO_WATCH));
    assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.topics().frames().name()).isEqualTo("tessera.frames");
    assertThat(settings.limits().maxRecordBytes()).isEqualTo(75497472);
    assertThat(settings.watch()).isEmpty();
  }

  @Test
  void derivesTheWatchDefaultsFromTheFolder() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("Run 3 (2026)"));
    Watch watch = new Watch(Optional.of(folder.toString()), Optional.empty(), Duration.ofMillis(500),
        Duration.ofSeconds(5), Optional.empty());
    WatchSettings settings = IngestSettings.from(KAFKA, TOPICS, new Ingest(true, 1024, watch)).watch().orElseThrow();
    assertThat(settings.acquisitionId()).isEqualTo("Run-3-2026");
    assertThat(settings.stateFile()).isEqualTo(folder.resolve(".tessera-ingest-state"));
    assertThat(settings.stableInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void reportsEveryInvalidKeyAtOnce() {
    Watch watch = new Watch(Optional.of(dir.resolve("missing").toString()), Optional.of("a/b"), Duration.ZERO,
        Duration.ofSeconds(-1), Optional.of(dir.resolve("no/such/dir/state").toString()));
    assertThatThrownBy(() -> IngestSettings.from(new Kafka(" ", 1000, "brotli"), new Topics("bad prefix!"),
        new Ingest(true, 0, watch)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid ingest configuration:\n"
            + "  - tessera.kafka.bootstrap-servers is empty: give host:port[,host:port...]\n"
            + "  - tessera.kafka.max-record-bytes=1000 is too small: use at least 1048576 (1 MiB)\n"
            + "  - tessera.topics.prefix: Topic prefix 'bad prefix!' is not legal: use letters, digits, '.', '_' and '-' only\n"
            + "  - tessera.ingest.max-body-bytes=0 is not between 1 and 2147483639\n"
            + "  - tessera.ingest.watch.dir=" + dir.resolve("missing") + " is not an existing directory\n"
            + "  - tessera.ingest.watch.acquisition-id=a/b is not legal: use 1 to 128 letters, digits, '.', '_' or '-',"
            + " starting with a letter or digit\n"
            + "  - tessera.ingest.watch.stable-interval=PT0S is not a positive duration (such as 2s or 500ms)\n"
            + "  - tessera.ingest.watch.rescan-interval=PT-1S is not a positive duration (such as 2s or 500ms)\n"
            + "  - tessera.ingest.watch.state-file=" + dir.resolve("no/such/dir/state") + " is not in an existing directory");
  }

  @Test
  void namesTheCompressionKeyWhenItIsNotKnown() {
    assertThatThrownBy(() -> IngestSettings.from(new Kafka("k:9092", 75497472, "brotli"), TOPICS,
        new Ingest(true, 1, NO_WATCH)))
        .hasMessageContaining("tessera.kafka.compression=brotli is not one of none, gzip, snappy, lz4, zstd");
  }

  @Test
  void refusesAnAcquisitionIdWithoutAFolder() {
    Watch watch = new Watch(Optional.empty(), Optional.of("a"), Duration.ofSeconds(2), Duration.ofSeconds(10), Optional.empty());
    assertThatThrownBy(() -> IngestSettings.from(KAFKA, TOPICS, new Ingest(true, 1, watch)))
        .hasMessageContaining("tessera.ingest.watch.acquisition-id is set but tessera.ingest.watch.dir is not");
  }
}
