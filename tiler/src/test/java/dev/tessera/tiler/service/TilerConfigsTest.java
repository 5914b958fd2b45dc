package dev.tessera.tiler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.tiler.model.ModelCard;
import dev.tessera.tiler.model.ModelCards;
import dev.tessera.tiler.model.NormalizationSpec;
import dev.tessera.tiler.tiling.TilerSettings;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's one validation step, without starting Quarkus. */
class TilerConfigsTest {

  record Tiler(Optional<String> modelPath, OptionalInt depth, Optional<String> normalization, int maxInputSize,
      OptionalInt inputSize, int maxFrameWidth, int maxFrameHeight, long maxFramePixels) implements TilerConfig {

    static Tiler depth(int depth) {
      return new Tiler(Optional.empty(), OptionalInt.of(depth), Optional.empty(), 1084, OptionalInt.empty(), 16384,
          16384, 1L << 24);
    }

    static Tiler model(Path path, OptionalInt depth) {
      return new Tiler(Optional.of(path.toString()), depth, Optional.empty(), 1084, OptionalInt.empty(), 16384, 16384,
          1L << 24);
    }
  }

  record Topics(String prefix, boolean create) implements TopicsConfig {}

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
  void namesThePrefixKeyOfAnIllegalPrefix() {
    assertThat(TilerConfigs.topics(new Topics("lab-1.", true)).frames().name()).isEqualTo("lab-1.frames");
    assertThatThrownBy(() -> TilerConfigs.topics(new Topics("lab 1/", true)))
        .hasMessage("tessera.topics.prefix=lab 1/: Topic prefix 'lab 1/' is not legal: use letters, digits, '.', '_'"
            + " and '-' only");
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
  void handsTheCoresStreamsPropertiesToTheExtension() {
    Map<String, String> values =
        Map.of("tessera.kafka.max-record-bytes", "2097152", "tessera.kafka.compression", "lz4");
    int requestSize = new KafkaLimits(2097152, "lz4").topicMaxMessageBytes();

    ConfigSource source = new TilerStreamsConfigSource().getConfigSources(context(values)).iterator().next();

    assertThat(source.getOrdinal()).isEqualTo(200);
    assertThat(source.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "kafka-streams.processing.guarantee", "exactly_once_v2",
        "kafka-streams.statestore.cache.max.bytes", "0",
        "kafka-streams.producer.max.request.size", String.valueOf(requestSize),
        "kafka-streams.producer.buffer.memory", "4194304",
        "kafka-streams.producer.compression.type", "lz4",
        "kafka-streams.consumer.fetch.max.bytes", "2097152",
        "kafka-streams.consumer.max.partition.fetch.bytes", "2097152"));
    assertThat(new TilerStreamsConfigSource().getConfigSources(context(Map.of())).iterator().next()
        .getValue("kafka-streams.consumer.fetch.max.bytes")).isEqualTo("75497472");
    assertThatThrownBy(() -> new TilerStreamsConfigSource()
        .getConfigSources(context(Map.of("tessera.kafka.max-record-bytes", "lots"))))
        .hasMessage("tessera.kafka.max-record-bytes=lots is not a number of bytes (an integer)");
  }

  private static ConfigSourceContext context(Map<String, String> values) {
    return new ConfigSourceContext() {
      @Override
      public ConfigValue getValue(String name) {
        return ConfigValue.builder().withName(name).withValue(values.get(name)).build();
      }

      @Override
      public Iterator<String> iterateNames() {
        return Collections.unmodifiableSet(values.keySet()).iterator();
      }
    };
  }
}
