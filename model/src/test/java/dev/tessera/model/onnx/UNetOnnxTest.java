package dev.tessera.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.tessera.model.testing.TestModels;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.model.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UNetOnnxTest {

  @Test
  void thePapersNetworkHas31030658ParametersIn23Convolutions() {
    UNetWeights paper = UNetWeights.random(4, 64, 2, 1);

    assertThat(paper.parameterCount()).isEqualTo(31_030_658L);
    assertThat(paper.convolutionCount()).isEqualTo(23);
  }

  @Test
  void aTile572CostsTheMultiplyAccumulatesOfDesignSection9() {
    assertThat(UNetOnnx.multiplyAccumulates(UNetWeights.random(4, 64, 2, 1), 572, 572) / 1e9).isCloseTo(150.4, within(0.05));
    assertThat(UNetOnnx.multiplyAccumulates(UNetWeights.random(4, 32, 2, 1), 572, 572) / 1e9).isCloseTo(37.7, within(0.05));
    assertThat(UNetOnnx.multiplyAccumulates(UNetWeights.random(4, 16, 2, 1), 572, 572) / 1e9).isCloseTo(9.44, within(0.005));
  }

  @Test
  void cropsAreThePapersAtDepth4() {
    // 568 -> 392, 280 -> 200, 136 -> 104, 64 -> 56 in the paper's figure 1.
    assertThat(UNetOnnx.crops(4)).containsExactly(88, 40, 16, 4);
  }

  @Test
  void weightsOfTheWrongShapeAreRefusedNamingTheLayer() {
    UNetWeights w = UNetWeights.random(2, 2, 2, 1);
    List<ConvWeights> up = new ArrayList<>(w.up());
    up.set(0, new ConvWeights(4, 4, 3, 3, new float[144], new float[4]));

    assertThatThrownBy(() -> new UNetWeights(2, 2, 2, w.down(), w.bottom(), w.upConvs(), up, w.head()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("up[0] must be 4 out x 8 in x 3x3");
  }

  @Test
  void aCardOfAnotherDepthIsRefused() {
    assertThatThrownBy(() -> UNetOnnx.build(UNetWeights.random(2, 2, 2, 1), TestModels.card(3, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depth 3 differs from the weights' depth 2");
  }

  @Test
  void theGraphUsesOpset17AndOnlyTheDocumentedOperatorsAndCarriesTheCard() throws Exception {
    ModelCard card = TestModels.card(3, 2);
    ModelProto model = ModelProto.parseFrom(UNetOnnx.build(UNetWeights.random(3, 2, 2, 1), card));

    assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
    assertThat(model.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("Conv", "Relu", "MaxPool", "ConvTranspose", "Slice", "Concat", "Softmax");
    Map<String, String> metadata = model.getMetadataPropsList().stream()
        .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue()));
    assertThat(metadata).isEqualTo(card.toMetadata());
    assertThat(model.getGraph().getInput(0).getName()).isEqualTo("image");
    assertThat(model.getGraph().getOutput(0).getName()).isEqualTo("probabilities");
  }

  @ParameterizedTest(name = "depth {0}, {1}x{2}, batch {3}")
  @CsvSource({
      "1, 18, 18, 1", "1, 20, 26, 2",
      "2, 44, 44, 1", "2, 48, 60, 3",
      "3, 92, 92, 1", "3, 100, 108, 2",
      "4, 188, 188, 1", "4, 204, 220, 2"})
  void outputShapesEqualTheGeometryAndProbabilitiesSumToOne(int depth, int h, int w, int batch) {
    UNetGeometry g = new UNetGeometry(depth);
    try (UNetModel model = TestModels.load(depth, 2, 3, depth)) {
      float[] out = model.predict(TestModels.randomFloats(batch * h * w, 5), batch, h, w);

      int oh = g.outputSize(h);
      int ow = g.outputSize(w);
      assertThat(oh).isPositive();
      assertThat(out).hasSize(batch * 3 * oh * ow);
      int plane = oh * ow;
      for (int b = 0; b < batch; b++) {
        for (int p = 0; p < plane; p++) {
          int base = b * 3 * plane + p;
          assertThat(out[base] + out[base + plane] + out[base + 2 * plane]).isCloseTo(1f, within(1e-5f));
        }
      }
    }
  }

  @ParameterizedTest(name = "depth {0}, width {1}, {2}x{3}")
  @CsvSource({"1, 1, 18, 20", "1, 2, 22, 18", "2, 2, 44, 48", "3, 2, 92, 100"})
  void theOnnxGraphComputesWhatAPlainJavaForwardPassComputes(int depth, int width, int h, int w) {
    UNetWeights weights = withRandomBiases(UNetWeights.random(depth, width, 2, 42), 43);
    float[] image = TestModels.randomFloats(h * w, 7);

    ReferenceUNet.Map expected = ReferenceUNet.forward(weights, image, h, w);
    float[] actual;
    try (UNetModel model = UNetModel.load(UNetOnnx.build(weights, TestModels.card(depth, 2)),
        ModelOptions.cpu().withIntraOpThreads(1))) {
      actual = model.predict(image, 1, h, w);
    }

    assertThat(expected.h()).isEqualTo(new UNetGeometry(depth).outputSize(h));
    assertThat(expected.w()).isEqualTo(new UNetGeometry(depth).outputSize(w));
    assertThat(actual).hasSameSizeAs(expected.v());
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("output %d", i).isCloseTo(expected.v()[i], within(1e-5f));
    }
  }

  @Test
  void writesTheModelToAFile(@TempDir Path dir) throws Exception {
    UNetWeights w = UNetWeights.random(1, 2, 2, 3);
    Path file = dir.resolve("models/m.onnx");

    UNetOnnx.write(file, w, TestModels.card(1, 2));

    assertThat(Files.readAllBytes(file)).isEqualTo(UNetOnnx.build(w, TestModels.card(1, 2)));
  }

  static UNetWeights withRandomBiases(UNetWeights w, long seed) {
    Random r = new Random(seed);
    return new UNetWeights(w.depth(), w.width(), w.classes(), biased(w.down(), r), biased(w.bottom(), r),
        biased(w.upConvs(), r), biased(w.up(), r), biased(List.of(w.head()), r).get(0));
  }

  private static List<ConvWeights> biased(List<ConvWeights> convs, Random r) {
    List<ConvWeights> out = new ArrayList<>();
    for (ConvWeights c : convs) {
      float[] bias = new float[c.outChannels()];
      for (int i = 0; i < bias.length; i++) {
        bias[i] = (float) (r.nextGaussian() * 0.1);
      }
      out.add(new ConvWeights(c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW(), c.weight(), bias));
    }
    return out;
  }
}
