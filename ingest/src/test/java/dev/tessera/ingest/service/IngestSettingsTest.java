package dev.tessera.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.ingest.watch.WatchSettings;
import dev.tessera.service.KafkaConfig;
import dev.tessera.service.TesseraKafka;
import dev.tessera.service.TopicsConfig;
import java.util.Map;
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

  private record Kafka(String bootstrapServers, int maxRecordBytes, String compression, Map<String, String> client,
      Map<String, String> streams) implements KafkaConfig {}

  private record Topics(String prefix, boolean create, short replicationFactor, int minInsyncReplicas)
      implements TopicsConfig {}

  private record Watch(Optional<String> dir, Optional<String> acquisitionId, Duration stableInterval,
      Duration rescanInterval, Optional<String> stateFile) implements IngestConfig.Watch {}

  private record Ingest(long maxBodyBytes, IngestConfig.Watch watch) implements IngestConfig.Ingest {}

  private static final TesseraKafka KAFKA = new TesseraKafka(new Kafka("localhost:9092", 75497472, "none", Map.of(),
      Map.of()), new Topics("tessera.", true, (short) 1, 1));
  private static final Watch NO_WATCH = new Watch(Optional.empty(), Optional.empty(), Duration.ofSeconds(2),
      Duration.ofSeconds(10), Optional.empty());

  @Test
  void acceptsTheDefaults() {
    IngestSettings settings = IngestSettings.from(KAFKA, new Ingest(75497472, NO_WATCH));
    assertThat(settings.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.topics().frames().name()).isEqualTo("tessera.frames");
    assertThat(settings.kafka().limits().maxRecordBytes()).isEqualTo(75497472);
    assertThat(settings.watch()).isEmpty();
  }

  @Test
  void derivesTheWatchDefaultsFromTheFolder() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("Run 3 (2026)"));
    Watch watch = new Watch(Optional.of(folder.toString()), Optional.empty(), Duration.ofMillis(500),
        Duration.ofSeconds(5), Optional.empty());
    WatchSettings settings = IngestSettings.from(KAFKA, new Ingest(1024, watch)).watch().orElseThrow();
    assertThat(settings.acquisitionId()).isEqualTo("Run-3-2026");
    assertThat(settings.stateFile()).isEqualTo(folder.resolve(".tessera-ingest-state"));
    assertThat(settings.stableInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void reportsEveryInvalidKeyAtOnce() {
    Watch watch = new Watch(Optional.of(dir.resolve("missing").toString()), Optional.of("a/b"), Duration.ZERO,
        Duration.ofSeconds(-1), Optional.of(dir.resolve("no/such/dir/state").toString()));
    // tessera.kafka.* and tessera.topics.* are checked by TesseraKafka (TesseraKafkaTest)
    assertThatThrownBy(() -> IngestSettings.from(KAFKA, new Ingest(0, watch)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid ingest configuration:\n"
            + "  - tessera.ingest.max-body-bytes=0 is not between 1 and 2147483639\n"
            + "  - tessera.ingest.watch.dir=" + dir.resolve("missing") + " is not an existing directory\n"
            + "  - tessera.ingest.watch.acquisition-id=a/b is not legal: use 1 to 128 letters, digits, '.', '_' or '-',"
            + " starting with a letter or digit\n"
            + "  - tessera.ingest.watch.stable-interval=PT0S is not a positive duration (such as 2s or 500ms)\n"
            + "  - tessera.ingest.watch.rescan-interval=PT-1S is not a positive duration (such as 2s or 500ms)\n"
            + "  - tessera.ingest.watch.state-file=" + dir.resolve("no/such/dir/state") + " is not in an existing directory");
  }

  @Test
  void refusesAnAcquisitionIdWithoutAFolder() {
    Watch watch = new Watch(Optional.empty(), Optional.of("a"), Duration.ofSeconds(2), Duration.ofSeconds(10), Optional.empty());
    assertThatThrownBy(() -> IngestSettings.from(KAFKA, new Ingest(1, watch)))
        .hasMessageContaining("tessera.ingest.watch.acquisition-id is set but tessera.ingest.watch.dir is not");
  }
}
