package dev.tessera.stitcher.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.ModelCards;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.stitcher.topology.StitcherTopology;
import dev.tessera.stitcher.topology.StitcherSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StitcherConfigsTest {

  /** The configuration as Quarkus hands it over, defaults as declared in {@link StitcherConfig}. */
  record Config(Duration frameTimeout, int maxOpenFrames, boolean inOrder, Duration orderGrace,
      Optional<Integer> foregroundClass, int connectivity, Optional<Boolean> watershed, Optional<Double> watershedH,
      Duration punctuateInterval, Optional<String> modelPath, Optional<Integer> minCellArea)
      implements StitcherConfig {
    Config(Duration frameTimeout, int maxOpenFrames, boolean inOrder, Duration orderGrace, int foregroundClass,
        int connectivity, boolean watershed, double watershedH, Duration punctuateInterval) {
      this(frameTimeout, maxOpenFrames, inOrder, orderGrace, Optional.of(foregroundClass), connectivity,
          Optional.of(watershed), Optional.of(watershedH), punctuateInterval, Optional.empty(), Optional.empty());
    }

    @Override
    public Optional<Double> foregroundThreshold() {
      return Optional.empty();
    }

    @Override
    public String applicationId() {
      return StitcherTopology.DEFAULT_APPLICATION_ID;
    }

    @Override
    public Duration sheddingWindow() {
      return Duration.ofMinutes(1);
    }

    @Override
    public View view() {
      return () -> true;
    }

    /** Nothing set: every optional key empty, as Quarkus hands them over. */
    static Config defaults() {
      return new Config(Duration.ofMinutes(2), 32, true, Duration.ofSeconds(10), Optional.empty(), 4,
          Optional.empty(), Optional.empty(), Duration.ofSeconds(1), Optional.empty(), Optional.empty());
    }

    Config withModel(String path) {
      return new Config(frameTimeout, maxOpenFrames, inOrder, orderGrace, foregroundClass, connectivity, watershed,
          watershedH, punctuateInterval, Optional.of(path), minCellArea);
    }

    Config withWatershed(boolean on) {
      return new Config(frameTimeout, maxOpenFrames, inOrder, orderGrace, foregroundClass, connectivity,
          Optional.of(on), watershedH, punctuateInterval, modelPath, minCellArea);
    }

    Config withMinCellArea(int pixels) {
      return new Config(frameTimeout, maxOpenFrames, inOrder, orderGrace, foregroundClass, connectivity, watershed,
          watershedH, punctuateInterval, modelPath, Optional.of(pixels));
    }
  }

  private static final KafkaLimits KAFKA = KafkaLimits.defaults();

  @Test
  void givesTheCoresDefaultsForTheDeclaredDefaults() {
    assertThat(StitcherConfigs.settings(Config.defaults(), KAFKA)).isEqualTo(StitcherSettings.defaults());
  }

  @Test
  void followsTheModelCardsCellSeparationAndForegroundUnlessTheKeysAreSet(@TempDir Path tmp) throws Exception {
    ModelCard plainCard = new ModelCard("plain", 2, List.of("background", "boundary", "cell"), 2,
        NormalizationSpec.defaults(), ModelCard.SelfTest.NONE, "", "", "", "test");
    ModelCard card = plainCard.withSeparation(CellSeparation.watershed(3.5)).withForegroundThreshold(0.3);
    Path nuclei = Files.write(tmp.resolve("nuclei.onnx"), onnxWith(card));
    Path plain = Files.write(tmp.resolve("plain.onnx"), onnxWith(plainCard));

    StitcherSettings fromCard = StitcherConfigs.settings(Config.defaults().withModel(nuclei.toString()), KAFKA);
    assertThat(fromCard.instances().watershed()).isTrue();
    assertThat(fromCard.instances().watershedH()).isEqualTo(3.5);
    assertThat(fromCard.foregroundClass()).isEqualTo(card.foregroundClass());
    assertThat(fromCard.foregroundThreshold()).isEqualTo(0.3);
    StitcherSettings plainSettings = StitcherConfigs.settings(Config.defaults().withModel(plain.toString()), KAFKA);
    assertThat(plainSettings.instances().watershed()).isFalse();
    assertThat(plainSettings.foregroundThreshold()).isNaN();
    assertThat(StitcherConfigs.settings(Config.defaults().withModel(nuclei.toString()).withWatershed(false), KAFKA)
        .instances().watershed()).as("tessera.stitcher.watershed=false overrides the card").isFalse();
    assertThatThrownBy(() -> StitcherConfigs.settings(Config.defaults().withModel(tmp.resolve("none.onnx").toString()),
        KAFKA)).hasMessageStartingWith("tessera.stitcher.model-path=" + tmp.resolve("none.onnx"));
    assertThat(plainSettings.instances().boundaryClass()).isEqualTo(InstanceOptions.NO_CLASS);
    Path grown = Files.write(tmp.resolve("grown.onnx"), onnxWith(plainCard.withSeparation(CellSeparation.BOUNDARY)));
    StitcherSettings boundary = StitcherConfigs.settings(Config.defaults().withModel(grown.toString()), KAFKA);
    assertThat(boundary.instances().boundaryClass()).as("the card's class named boundary").isEqualTo(1);
    assertThat(boundary.instances().watershed()).isFalse();
    StitcherSettings both = StitcherConfigs.settings(Config.defaults().withModel(grown.toString()).withWatershed(true),
        KAFKA);
    assertThat(both.instances().watershed()).isTrue();
    assertThat(both.instances().boundaryClass()).as("the watershed key leaves the boundary growth on").isEqualTo(1);
    Path sized = Files.write(tmp.resolve("sized.onnx"), onnxWith(plainCard.withSeparation(
        CellSeparation.BOUNDARY.withMinArea(30))));
    StitcherSettings sizedSettings = StitcherConfigs.settings(Config.defaults().withModel(sized.toString()), KAFKA);
    assertThat(sizedSettings.instances().minArea()).isEqualTo(30);
    assertThat(sizedSettings.describeCells())
        .isEqualTo("class 2 where it is the most probable class, 4-connected cells, grown into class 1, of at least 30 px");
    assertThat(fromCard.describeCells())
        .isEqualTo("class 2 where its probability >= 0.3, 4-connected cells split by watershed (h 3.5 px)");
    assertThat(StitcherConfigs.settings(Config.defaults().withModel(sized.toString()).withMinCellArea(0), KAFKA)
        .instances().minArea()).as("tessera.stitcher.min-cell-area overrides the card").isZero();
    assertThat(plainSettings.instances().minArea()).isZero();
    assertThatThrownBy(() -> StitcherConfigs.settings(Config.defaults().withMinCellArea(-1), KAFKA))
        .hasMessage("tessera.stitcher.min-cell-area=-1 must be a number of pixels, at least 0");
  }

  /** An ONNX file with only a card: all the stitcher reads of a model. */
  private static byte[] onnxWith(ModelCard card) {
    return ModelCards.withCard(OnnxMl.ModelProto.newBuilder().setIrVersion(8).build(), card).toByteArray();
  }

  @Test
  void namesTheKeyAndTheAllowedValuesOfABadConnectivity() {
    Config c = Config.defaults();
    Config six = new Config(c.frameTimeout(), c.maxOpenFrames(), c.inOrder(), c.orderGrace(), 1, 6, false, 2.0,
        c.punctuateInterval());

    assertThatThrownBy(() -> StitcherConfigs.settings(six, KAFKA))
        .hasMessage("tessera.stitcher.connectivity=6 is not one of 4, 8");
  }

  @Test
  void namesTheKeyOfEveryOtherBadValue() {
    Config c = Config.defaults();
    assertThatThrownBy(() -> StitcherConfigs.settings(new Config(Duration.ZERO, 32, true, c.orderGrace(), 1, 4, false,
        2, c.punctuateInterval()), KAFKA)).hasMessage("tessera.stitcher.frame-timeout=PT0S must be a positive duration");
    assertThatThrownBy(() -> StitcherConfigs.settings(new Config(c.frameTimeout(), 0, true, c.orderGrace(), 1, 4, false,
        2, c.punctuateInterval()), KAFKA)).hasMessage("tessera.stitcher.max-open-frames=0 must be at least 1");
    assertThatThrownBy(() -> StitcherConfigs.settings(new Config(c.frameTimeout(), 32, true, Duration.ofSeconds(-1), 1,
        4, false, 2, c.punctuateInterval()), KAFKA)).hasMessage("tessera.stitcher.order-grace=PT-1S must not be negative");
    assertThatThrownBy(() -> StitcherConfigs.settings(new Config(c.frameTimeout(), 32, true, c.orderGrace(), 300, 4,
        false, 2, c.punctuateInterval()), KAFKA)).hasMessage("tessera.stitcher.foreground-class=300 must be a class index 0..255");
    assertThatThrownBy(() -> StitcherConfigs.settings(new Config(c.frameTimeout(), 32, true, c.orderGrace(), 1, 4,
        true, -2, c.punctuateInterval()), KAFKA))
        .hasMessage("tessera.stitcher.watershed-h=-2.0 must be a finite number of pixels, at least 0");
  }

  @Test
  void runsTheCoresStreamsSettingsWithTheClientPropertiesOnTop() {
    KafkaSettings kafka = new KafkaSettings("broker:9093", new KafkaLimits(16 << 20, "lz4"),
        java.util.Map.of("security.protocol", "SASL_SSL"));

    assertThat(StitcherTopology.streamsConfig(kafka, dev.tessera.schemas.Topics.defaults(), "tessera-stitcher")).containsAllEntriesOf(java.util.Map.of(
        "bootstrap.servers", "broker:9093",
        "application.id", "tessera-stitcher",
        "security.protocol", "SASL_SSL",
        "processing.guarantee", "exactly_once_v2",
        "producer.max.request.size", 16842752,
        "producer.buffer.memory", 33554432L,
        "producer.compression.type", "lz4",
        "producer.transaction.timeout.ms", 60000,
        "consumer.fetch.max.bytes", 16777216,
        "consumer.max.partition.fetch.bytes", 4194304));
    assertThat(StitcherTopology.streamsConfig(kafka, dev.tessera.schemas.Topics.defaults(), "tessera-stitcher")).containsEntry("topic.max.message.bytes",
        16842752);
  }
}
