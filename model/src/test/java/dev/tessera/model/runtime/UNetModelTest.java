package dev.tessera.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.tessera.model.testing.TestModels;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.imaging.model.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UNetModelTest {

  private static final ModelOptions CPU = ModelOptions.cpu().withIntraOpThreads(1);

  @Test
  void readsTheCardFromTheMetadataAndHashesTheModelBytes(@TempDir Path dir) throws Exception {
    byte[] onnx = TestModels.onnx(2, 2, 2, 1);
    Path file = dir.resolve("m.onnx");
    Files.write(file, onnx);

    try (UNetModel model = UNetModel.load(file, CPU)) {
      assertThat(model.card()).isEqualTo(TestModels.card(2, 2));
      assertThat(model.modelId()).isEqualTo("test-d2-c2");
      assertThat(model.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx)));
      assertThat(model.geometry().margin()).isEqualTo(20);
      assertThat(model.device()).isEqualTo("cpu");
      assertThat(model.deviceFallback()).isEmpty();
    }
  }

  @Test
  void aModelWithoutStoredSelfTestIsRunAndLoadsWithItsMeansMeasured() {
    try (UNetModel model = TestModels.load(2, 2, 2, 1)) {
      assertThat(model.selfTest().checked()).isFalse();
      assertThat(model.selfTest().passed()).isTrue();
      assertThat(model.selfTest().actual().inputSize()).isEqualTo(SelfTests.defaultInputSize(model.geometry()));
      assertThat(model.selfTest().actual().classMeans()[0] + model.selfTest().actual().classMeans()[1])
          .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    }
  }

  @Test
  void anEmbeddedSelfTestIsCheckedAndPassesAtLoad() {
    byte[] onnx = SelfTests.embed(TestModels.onnx(2, 2, 2, 1));

    try (UNetModel model = UNetModel.load(onnx, CPU)) {
      assertThat(model.selfTest().checked()).isTrue();
      assertThat(model.selfTest().passed()).isTrue();
      assertThat(model.card().selfTest()).isEqualTo(model.selfTest().actual());
    }
  }

  @Test
  void aModelWhoseOutputDiffersFromItsStoredSelfTestIsRefused() {
    // The card of one network on the weights of another: what a corrupted or mixed-up file looks like.
    ModelCard.SelfTest other = SelfTests.compute(TestModels.onnx(2, 2, 2, 1));
    byte[] mismatched = UNetOnnx.build(UNetWeights.random(2, 2, 2, 99), TestModels.card(2, 2).withSelfTest(other));

    assertThatThrownBy(() -> UNetModel.load(mismatched, CPU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fails its self-test");
  }

  @Test
  void selfTestDefaultSizeIsThe252OfDepth4() {
    assertThat(SelfTests.defaultInputSize(new dev.tessera.imaging.geometry.UNetGeometry(4))).isEqualTo(252);
  }

  @Test
  void aModelWithoutCardIsRefusedNamingTheMissingKey() throws Exception {
    ModelProto model = ModelProto.parseFrom(TestModels.onnx(1, 1, 2, 1)).toBuilder().clearMetadataProps().build();

    assertThatThrownBy(() -> UNetModel.load(model.toByteArray(), CPU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no valid Tessera model card")
        .hasMessageContaining("tessera.depth");
  }

  @Test
  void aModelWhoseOutputChannelsContradictItsCardIsRefused() throws Exception {
    // Three-class weights under a two-class card.
    ModelProto three = UNetOnnx.model(UNetWeights.random(1, 1, 3, 1), TestModels.card(1, 3));
    ModelProto.Builder b = three.toBuilder().clearMetadataProps();
    TestModels.card(1, 2).toMetadata().forEach((k, v) ->
        b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));

    assertThatThrownBy(() -> UNetModel.load(b.build().toByteArray(), CPU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 3 channels but its card declares 2 classes");
  }

  @Test
  void aModelWithAnotherInputNameIsRefused() throws Exception {
    ModelProto model = ModelProto.parseFrom(TestModels.onnx(1, 1, 2, 1));
    ModelProto.Builder b = model.toBuilder();
    b.getGraphBuilder().getInputBuilder(0).setName("input");
    b.getGraphBuilder().getNodeBuilder(0).setInput(0, "input");

    assertThatThrownBy(() -> UNetModel.load(b.build().toByteArray(), CPU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must have one input 'image', has [input]");
  }

  @Test
  void bytesThatAreNotOnnxAreRefused() {
    assertThatThrownBy(() -> UNetModel.load("not a model".getBytes(), CPU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ONNX Runtime cannot load the model");
  }

  @Test
  void cpuDeviceRunsOnTheCpu() {
    try (UNetModel model = UNetModel.load(TestModels.onnx(1, 1, 2, 1), CPU.withDevice(Device.CPU))) {
      assertThat(model.device()).isEqualTo("cpu");
      assertThat(model.predict(new float[18 * 18], 1, 18, 18)).hasSize(2 * 2 * 2);
    }
  }

  @Test
  void cudaWithoutAGpuFailsAtLoadNamingTheMissingLibrary() {
    assertThatThrownBy(() -> UNetModel.load(TestModels.onnx(1, 1, 2, 1), CPU.withDevice(Device.CUDA)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("device=cuda")
        .hasMessageContaining("missing or unloadable library lib")
        .hasMessageContaining("-Pcuda");
  }

  @Test
  void autoWithoutAGpuFallsBackToTheCpuAndSaysWhy() {
    try (UNetModel model = UNetModel.load(TestModels.onnx(1, 1, 2, 1), CPU.withDevice(Device.AUTO))) {
      assertThat(model.device()).isEqualTo("cpu");
      assertThat(model.deviceFallback()).hasValueSatisfying(reason ->
          assertThat(reason).contains("CUDA execution provider cannot be loaded").contains("library lib"));
    }
  }

  @Test
  void anUnknownDeviceOrSearchIsRefusedNamingTheKeyAndTheAllowedValues() {
    assertThatThrownBy(() -> Device.parse("tessera.inference.device", "gpu"))
        .hasMessage("tessera.inference.device=gpu is not one of auto, cpu, cuda");
    assertThat(ConvAlgoSearch.parse("tessera.inference.cudnn-conv-algo-search", " heuristic "))
        .isEqualTo(ConvAlgoSearch.HEURISTIC);
  }

  @Test
  void theCudaMessageNamesTheLibraryOnnxRuntimeReports() {
    String message = UNetModel.cudaMessage(new RuntimeException(
        "Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file"));

    assertThat(message).contains("missing or unloadable library libonnxruntime_providers_cuda.so");
  }

  @Test
  void anInvalidInputSizeIsRefusedNamingTheValidOnes() {
    try (UNetModel model = TestModels.load(2, 2, 2, 1)) {
      assertThatThrownBy(() -> model.predict(new float[45 * 45], 1, 45, 45))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Input size 45 is not valid for a depth-2 U-Net")
          .hasMessageContaining("44 or 48");
    }
  }

  @Test
  void reusedBuffersGiveEachRunItsOwnResultAndBatchesEqualSingleRuns() {
    try (UNetModel model = TestModels.load(2, 2, 2, 1)) {
      float[] a = TestModels.randomFloats(44 * 44, 1);
      float[] b = TestModels.randomFloats(44 * 44, 2);
      float[] ab = new float[2 * 44 * 44];
      System.arraycopy(a, 0, ab, 0, a.length);
      System.arraycopy(b, 0, ab, a.length, b.length);

      float[] outA = model.predict(a, 1, 44, 44);
      float[] outB = model.predict(b, 1, 44, 44);
      float[] outAb = model.predict(ab, 2, 44, 44);
      float[] outA2 = model.predict(a, 1, 44, 44);

      assertThat(outA).isNotEqualTo(outB);
      assertThat(outA2).isEqualTo(outA);
      float[] first = java.util.Arrays.copyOfRange(outAb, 0, outA.length);
      float[] second = java.util.Arrays.copyOfRange(outAb, outA.length, outAb.length);
      assertThat(first).usingComparatorWithPrecision(1e-6f).containsExactly(outA);
      assertThat(second).usingComparatorWithPrecision(1e-6f).containsExactly(outB);
    }
  }

  @Test
  void manyShapesKeepOnlyTheConfiguredNumberOfBuffersAndStillRun() {
    ModelOptions two = new ModelOptions(Device.CPU, 0, ConvAlgoSearch.EXHAUSTIVE, 0, 1, 2);
    try (UNetModel model = UNetModel.load(TestModels.onnx(1, 1, 2, 1), two)) {
      for (int n = 18; n <= 30; n += 2) {
        assertThat(model.predict(new float[n * n], 1, n, n)).hasSize(2 * (n - 16) * (n - 16));
      }
      assertThat(model.predict(new float[18 * 18], 1, 18, 18)).hasSize(2 * 2 * 2);
    }
  }
}
