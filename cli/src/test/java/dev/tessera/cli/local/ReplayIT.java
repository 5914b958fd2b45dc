package dev.tessera.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.CommandRun;
import dev.tessera.cli.Tessera;
import dev.tessera.records.Mask;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera replay}: an acquisition the demo left on the embedded broker's frames topic is
 * segmented again with the nuclei model; the new masks carry the replay's acquisition id and the
 * new model, the old ones are still on the masks topic.
 */
@Tag("integration")
class ReplayIT {

  @TempDir
  Path tmp;

  @Test
  void segmentsARetainedAcquisitionAgainWithAnotherModelAndKeepsTheOldMasks() throws Exception {
    Path data = tmp.resolve("data");
    String demoModel = Path.of("..", "models", "demo", "model.onnx").toString();
    String nucleiModel = Path.of("..", "models", "nuclei", "model.onnx").toString();
    CommandRun demo = CommandRun.of("demo", "--frames", "3", "--size", "256", "--acquisition", "acq-r", "--model",
        demoModel, "--data-dir", data.toString());
    assertThat(demo.exit()).as(demo.err()).isZero();

    CommandRun replay = CommandRun.of("replay", "--acquisition", "acq-r", "--model", nucleiModel, "--data-dir",
        data.toString(), "--out", tmp.resolve("replayed").toString());
    CommandRun unknown = CommandRun.of("replay", "--acquisition", "never-published", "--model", nucleiModel,
        "--data-dir", data.toString());

    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("replaying 3 frames of acq-r from tessera.frames as acq-r.replay-")
        .contains("3 published, 3 masks (all)").contains("scored by tessera-nuclei-d4-w16");
    assertThat(tmp.resolve("replayed").resolve("masks")).isNotEmptyDirectory();
    assertThat(unknown.exit()).isEqualTo(Tessera.EXIT_FAILED);
    assertThat(unknown.err()).contains("No frame of acquisition never-published is retained on tessera.frames");

    Map<String, List<Mask>> byAcquisition = new HashMap<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(data.resolve("kafka")).start()) {
      for (Mask m : masks(KafkaSettings.plaintext(kafka.bootstrapServers()), Topics.withPrefix("tessera."))) {
        byAcquisition.computeIfAbsent(m.getAcquisitionId(), k -> new ArrayList<>()).add(m);
      }
    }
    assertThat(byAcquisition.get("acq-r")).hasSize(3)
        .allSatisfy(m -> assertThat(m.getModelId()).isEqualTo("tessera-demo-unet-d4-w8"));
    String replayId = byAcquisition.keySet().stream().filter(k -> k.startsWith("acq-r.replay-")).findFirst()
        .orElseThrow();
    assertThat(byAcquisition.get(replayId)).hasSize(3).allSatisfy(m -> {
      assertThat(m.getModelId()).isEqualTo("tessera-nuclei-d4-w16");
      assertThat(m.getModelSha256()).isNotEqualTo(byAcquisition.get("acq-r").get(0).getModelSha256());
    });
  }

  private static List<Mask> masks(KafkaSettings kafka, Topics topics) {
    Map<String, Object> props = new HashMap<>(kafka.consumer());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-it");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<Mask> masks = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.masks().name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (masks.size() < 6 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          masks.add(topics.masks().valueSerde().deserializer().deserialize(r.topic(), r.value()));
        }
      }
    }
    return masks;
  }
}
