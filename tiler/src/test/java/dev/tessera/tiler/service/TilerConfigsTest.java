package dev.tessera.tiler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.ModelCards;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.tiler.tiling.TilerSettings;
import dev.tessera.tiler.topology.TilerTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's validation steps and the Kafka Streams settings it runs with, without starting Quarkus. */
class TilerConfigsTest {

  record Tiler(Optional<String> modelPath, OptionalInt depth, Optional<String> normalization, int maxInputSize,
      OptionalInt inputSize, int maxFrameWidth, int maxFrameHeight, long maxFramePixels) implements TilerConfig {

    @Override
    public String applicationId() {
      return TilerTopology.DEFAULT_APPLICATION_ID;
    }

    static Tiler depth(int depth) {
      return new Tiler(Optional.empty(), OptionalInt.of(depth), Optional.empty(), 1084, OptionalInt.empty(), 16384,
          16384, 1L << 24);
    }

    static Tiler model(Path path, OptionalInt depth) {
      return new Tiler(Optional.of(path.toString()), depth, Optional.empty(), 1084, OptionalInt.empty(), 16384, 16384,
          1L << 24);
    }
  }

  @TempDir
  Path dir;

  @Test
  void readsTheGeometryFromTheModelFile() throws IOException {
    Path model = dir.resolve("model.onnx");
    ModelCard card = new ModelCard("unet-d3", 3, List.of("bg", "cell"), 1, new NormalizationSpec.Range(),
        ModelCard.SelfTest.NONE, "", "", "", "");
    Files.write(model, ModelCards.withCard(ai.onnx.proto.OnnxMl.ModelProto.newBuilder().setIrVersion(8).build(), card)
        .toByteArray());

    TilerSettings settings = TilerConfigs.settings(Tiler.model(model, OptionalInt.empty()));

    assertThat(settings.geometry().depth()).isEqualTo(3);
    assertThat(settings.normalization()).isEqualTo(new NormalizationSpec.Range());
    assertThat(settings.source()).isEqualTo("model unet-d3 (" + model + ")");
    assertThatThrownBy(() -> TilerConfigs.settings(Tiler.model(model, OptionalInt.of(4))))
        .hasMessageStartingWith("tessera.tiler.depth=4 contradicts the model card of unet-d3 (" + model + ")");
  }

  @Test
  void namesTheModelPathKeyWhenTheFileCannotBeRead() {
    Path missing = dir.resolve("missing.onnx");

    assertThatThrownBy(() -> TilerConfigs.settings(Tiler.model(missing, OptionalInt.empty())))
        .hasMessage("tessera.tiler.model-path=" + missing + ": Model file " + missing + " does not exist");
  }

  @Test
  void passesExplicitDepthAndFixedInputSizeThrough() {
    Tiler fixed = new Tiler(Optional.empty(), OptionalInt.of(4), Optional.empty(), 1084, OptionalInt.of(572), 100,
        100, 10_000);

    assertThat(TilerConfigs.settings(Tiler.depth(2)).geometry().margin()).isEqualTo(20);
    assertThat(TilerConfigs.settings(fixed).fixedInputSize()).hasValue(572);
    assertThat(TilerConfigs.settings(fixed).maxFramePixels()).isEqualTo(10_000);
  }

  @Test
  void theStreamsSettingsFollowTheRecordSizeAndCarryTheClientPropertiesWithNothingToSetByHand() {
    // 2 MiB records: request size 2097152 + 65536 and buffer 2 * 2097152 are computed, not configured.
    KafkaSettings kafka = new KafkaSettings("broker:9093", new KafkaLimits(2097152, "lz4"),
        Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN"));

    Properties streams = TilerTopology.streamsConfig(kafka, Topics.defaults(), "tessera-tiler");

    assertThat(streams).containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("application.id", "tessera-tiler")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("statestore.cache.max.bytes", 0)
        .containsEntry("producer.max.request.size", 2162688)
        .containsEntry("producer.buffer.memory", 4194304L)
        .containsEntry("producer.compression.type", "lz4")
        .containsEntry("consumer.fetch.max.bytes", 2097152)
        .containsEntry("consumer.max.partition.fetch.bytes", 2097152)
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "PLAIN");
  }
}
