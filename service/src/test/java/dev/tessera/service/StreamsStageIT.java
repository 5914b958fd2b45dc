package dev.tessera.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health a Streams stage reports, driven through a real Kafka Streams client on a real broker:
 * not ready while starting, ready once running, not ready again while it stops; alive throughout.
 */
class StreamsStageIT {

  /** The smallest stage: frames piped to tiles, as a tiler would, without the tiling. */
  static final class PipeStage extends StreamsStage {
    PipeStage(TesseraKafka kafka) {
      super(kafka);
    }

    void start(Path stateDir) {
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream(kafka.topics().frames().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
          .to(kafka.topics().tiles().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
      Properties core = new Properties();
      core.putAll(kafka.settings().common());
      core.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-stage-it");
      core.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      core.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      startStreams(builder.build(), core);
    }
  }

  @Test
  void readinessIsDownWhileStartingUpWhileRunningAndDownWhileStopping(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.startSingleBroker()) {
      TesseraKafka kafka = new TesseraKafka(TesseraKafkaTest.Kafka.of(broker.bootstrapServers(), Map.of()),
          new TesseraKafkaTest.Topics("it.", true, (short) 1, 1));
      PipeStage stage = new PipeStage(kafka);

      assertThat(readiness(stage)).isEqualTo(Status.DOWN);
      assertThat(stage.health("pipe", true, "it.frames").build().getData().orElseThrow())
          .containsEntry("state", "starting");
      assertThat(liveness(stage)).isEqualTo(Status.UP);

      stage.start(Files.createDirectories(dir.resolve("state")));
      await().atMost(Duration.ofMinutes(1)).until(() -> readiness(stage) == Status.UP);
      assertThat(stage.health("pipe", true, "it.frames").build().getData().orElseThrow())
          .containsEntry("state", "RUNNING").containsEntry("input", "it.frames");

      stage.stop(null);

      HealthCheckResponse stopping = stage.health("pipe", true, "it.frames").build();
      assertThat(stopping.getStatus()).isEqualTo(Status.DOWN);
      assertThat(stopping.getData().orElseThrow()).containsEntry("state", "stopping");
      assertThat(liveness(stage)).isEqualTo(Status.UP);
    }
  }

  private static Status readiness(StreamsStage stage) {
    return stage.health("pipe", true, "it.frames").build().getStatus();
  }

  private static Status liveness(StreamsStage stage) {
    return stage.health("pipe", false, "it.frames").build().getStatus();
  }
}
