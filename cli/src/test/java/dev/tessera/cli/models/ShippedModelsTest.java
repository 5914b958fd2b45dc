package dev.tessera.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCards;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model committed under {@code models/} loads in ONNX Runtime and passes the self-test its
 * card carries (the mean output of a fixed input, recorded at export), so a model file damaged
 * or exported wrongly is caught before a user runs it.
 */
class ShippedModelsTest {

  private static final Path MODELS = Path.of("..", "models");

  static List<Path> shippedModels() throws IOException {
    try (Stream<Path> dirs = Files.list(MODELS)) {
      return dirs.map(d -> d.resolve("model.onnx")).filter(Files::isRegularFile).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedModels")
  void loadsAndPassesTheSelfTestItsCardCarries(Path file) {
    try (UNetModel model = UNetModel.load(file, ModelOptions.cpu())) {
      assertThat(model.card().selfTest().isEmpty()).as("%s records a self-test", file).isFalse();
      assertThat(model.modelId()).startsWith("tessera-");
      assertThat(model.card().classNames()).hasSize(2);
    }
  }

  /** A shipped zoo description names its model file's current bytes (re-exporting a model rewrites both). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedModels")
  void aZooDescriptionBesideAModelCarriesThatModelsSha256(Path file) throws Exception {
    Path rdf = file.resolveSibling("rdf.yaml");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(rdf), file + " has no rdf.yaml (the demo model was not"
        + " exported by tessera export)");
    String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
    assertThat(Files.readString(rdf)).contains("    sha256: " + sha + "\n");
  }

  /**
   * The nuclei model's card makes the stitcher split touching nuclei and drop specks, at the threshold chosen on its
   * training images ({@code tune}); EM regions and the demo's cells stay whole, and the EM model's card sets the
   * foreground threshold chosen on validation.
   */
  @Test
  void theShippedCardsCarryTheirPostProcessing() {
    assertThat(ModelCards.read(MODELS.resolve("nuclei/model.onnx")).separation())
        .isEqualTo(CellSeparation.watershed(InstanceOptions.DEFAULT_WATERSHED_H).withMinArea(30));
    assertThat(ModelCards.read(MODELS.resolve("em/model.onnx")).separation()).isEqualTo(CellSeparation.COMPONENTS);
    assertThat(ModelCards.read(MODELS.resolve("em/model.onnx")).foregroundThreshold()).as("chosen on validation")
        .isEqualTo(0.4);
    assertThat(ModelCards.read(MODELS.resolve("nuclei/model.onnx")).foregroundThreshold()).isEqualTo(0.7);
    assertThat(ModelCards.read(MODELS.resolve("demo/model.onnx")).separation()).isEqualTo(CellSeparation.COMPONENTS);
  }
}
