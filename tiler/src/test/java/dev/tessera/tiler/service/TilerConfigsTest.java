package dev.tessera.tiler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.ModelCards;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.tiler.tiling.TilerSettings;
import dev.tessera.tiler.topology.TilerTopology;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's validation steps and its Kafka Streams settings, without starting Quarkus. */
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
  void theApplicationPropertiesGiveExactlyTheCoresStreamsPropertiesForTheDefaultLimits() throws IOException {
    Map<String, String> streams = streamsSettings(Map.of());

    assertThat(streams).containsExactlyInAnyOrderEntriesOf(Map.of(
        "processing.guarantee", "exactly_once_v2",
        "statestore.cache.max.bytes", "0",
        "producer.max.request.size", "75563008",
        "producer.buffer.memory", "150994944",
        "producer.compression.type", "none",
        "consumer.fetch.max.bytes", "75497472",
        "consumer.max.partition.fetch.bytes", "75497472"));
    TilerConfigs.checkStreams(streams, KafkaLimits.defaults());
  }

  @Test
  void namesTheTwoSumsToSetWhenTheRecordSizeChanges() throws IOException {
    // 2 MiB records: the expressions follow (fetch sizes, compression); the request size must be
    // 2097152 + 65536 and the buffer 2 * 2097152, which an expression cannot compute.
    Map<String, String> limits = Map.of("tessera.kafka.max-record-bytes", "2097152", "tessera.kafka.compression", "lz4");
    KafkaLimits small = new KafkaLimits(2097152, "lz4");
    Map<String, String> streams = streamsSettings(limits);

    assertThat(streams).containsEntry("consumer.fetch.max.bytes", "2097152")
        .containsEntry("consumer.max.partition.fetch.bytes", "2097152")
        .containsEntry("producer.compression.type", "lz4");
    assertThatThrownBy(() -> TilerConfigs.checkStreams(streams, small))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The Kafka Streams settings do not match what the tiler needs with tessera.kafka.max-record-bytes="
            + "2097152 and tessera.kafka.compression=lz4 (TilerTopology.streamsProperties): set"
            + " kafka-streams.producer.buffer.memory=4194304 (it is 150994944),"
            + " kafka-streams.producer.max.request.size=2162688 (it is 75563008)");

    Map<String, String> fixed = new HashMap<>(limits);
    fixed.put("kafka-streams.producer.buffer.memory", "4194304");
    fixed.put("kafka-streams.producer.max.request.size", "2162688");
    TilerConfigs.checkStreams(streamsSettings(fixed), small);
  }

  @Test
  void refusesAnOverrideOrAMissingStreamsSetting() {
    Map<String, Object> streams = new HashMap<>();
    TilerTopology.streamsProperties(KafkaLimits.defaults()).forEach((k, v) -> streams.put((String) k, v));
    streams.put("processing.guarantee", "at_least_once");
    streams.remove("statestore.cache.max.bytes");

    assertThatThrownBy(() -> TilerConfigs.checkStreams(streams, KafkaLimits.defaults()))
        .hasMessageEndingWith(": set kafka-streams.processing.guarantee=exactly_once_v2 (it is at_least_once),"
            + " kafka-streams.statestore.cache.max.bytes=0 (it is not set)");
  }

  /**
   * The {@code kafka-streams.*} settings, prefix removed, as SmallRye Config resolves them from the
   * service's {@code application.properties} under {@code overrides}.
   */
  private static Map<String, String> streamsSettings(Map<String, String> overrides) throws IOException {
    URL file = TilerConfigsTest.class.getClassLoader().getResource("application.properties");
    assertThat(file).as("the service's application.properties on the test class path").isNotNull();
    SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
        .withSources(new PropertiesConfigSource(file, 250), new PropertiesConfigSource(overrides, "overrides", 400))
        .build();
    Map<String, String> streams = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(TilerConfigs.STREAMS_PREFIX)) {
        streams.put(name.substring(TilerConfigs.STREAMS_PREFIX.length()), config.getValue(name, String.class));
      }
    }
    return streams;
  }
}
