package dev.tessera.imaging.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardsTest {

  @TempDir
  Path dir;

  static final ModelCard CARD = new ModelCard("unet-d4-w16-test", 4, List.of("background", "cell"), 1,
      NormalizationSpec.defaults(), new ModelCard.SelfTest(188, new double[] {0.625, 0.375}), "synthetic discs",
      "{\"epochs\":1}", "{\"iou\":0.5}", "0.1.0-SNAPSHOT");

  /** A tiny but complete ONNX model: image -> Identity -> probabilities, plus a weight of {@code weightBytes}. */
  static OnnxMl.ModelProto tinyModel(int weightBytes) {
    OnnxMl.TypeProto floatTensor = OnnxMl.TypeProto.newBuilder()
        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE))
        .build();
    OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
        .setName("tiny")
        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput(ModelCard.INPUT_NAME)
            .addOutput(ModelCard.OUTPUT_NAME))
        .addInput(OnnxMl.ValueInfoProto.newBuilder().setName(ModelCard.INPUT_NAME).setType(floatTensor))
        .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(ModelCard.OUTPUT_NAME).setType(floatTensor))
        .addInitializer(OnnxMl.TensorProto.newBuilder().setName("unused-weight")
            .setDataType(OnnxMl.TensorProto.DataType.UINT8_VALUE).addDims(weightBytes)
            .setRawData(ByteString.copyFrom(new byte[weightBytes])))
        .build();
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("tessera-test")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
        .setGraph(graph)
        .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("author").setValue("lab"))
        .build();
  }

  private Path write(OnnxMl.ModelProto model) throws IOException {
    Path file = dir.resolve("model.onnx");
    Files.write(file, model.toByteArray());
    return file;
  }

  @Test
  void readsTheCardFromAnOnnxFilesMetadataWithoutOnnxRuntime() throws IOException {
    Path file = write(ModelCards.withCard(tinyModel(16), CARD));

    assertThat(ModelCards.read(file)).isEqualTo(CARD);
  }

  @Test
  void carriesTheRecommendedCellSeparationAndReadsItsAbsenceAsConnectedComponents() throws IOException {
    ModelCard nuclei = CARD.withSeparation(CellSeparation.watershed(2.5));
    assertThat(nuclei.toMetadata()).containsEntry(ModelCard.CELL_SEPARATION, "watershed h=2.5");
    assertThat(CARD.toMetadata()).doesNotContainKey(ModelCard.CELL_SEPARATION);

    assertThat(ModelCards.read(write(ModelCards.withCard(tinyModel(16), nuclei))).separation())
        .isEqualTo(CellSeparation.watershed(2.5));
    assertThat(ModelCards.read(write(ModelCards.withCard(tinyModel(16), CARD))).separation())
        .isEqualTo(CellSeparation.COMPONENTS);
    ModelCard em = CARD.withForegroundThreshold(0.4);
    assertThat(em.toMetadata()).containsEntry(ModelCard.FOREGROUND_THRESHOLD, "0.4");
    assertThat(ModelCards.read(write(ModelCards.withCard(tinyModel(16), em))).foregroundThreshold()).isEqualTo(0.4);
    assertThat(CARD.hasForegroundThreshold()).isFalse();
    java.util.Map<String, String> bad = new java.util.HashMap<>(CARD.toMetadata());
    bad.put(ModelCard.CELL_SEPARATION, "watershed");
    assertThatThrownBy(() -> ModelCard.fromMetadata(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'watershed' is not 'components', 'watershed h=<px>', 'boundary' or");
  }

  @Test
  void aBoundarySeparationNamesTheBoundaryClassAndNeedsOne() throws IOException {
    ModelCard threeClass = new ModelCard("unet-boundary", 4, List.of("background", "cell", "boundary"), 1,
        NormalizationSpec.defaults(), ModelCard.SelfTest.NONE, "", "", "", "");
    for (CellSeparation s : List.of(CellSeparation.COMPONENTS, CellSeparation.watershed(1.5), CellSeparation.BOUNDARY,
        CellSeparation.BOUNDARY.withWatershed(true, 1.5), CellSeparation.COMPONENTS.withMinArea(30),
        CellSeparation.BOUNDARY.withWatershed(true, 1.5).withMinArea(7))) {
      assertThat(CellSeparation.parse(s.format())).isEqualTo(s);
    }
    assertThat(CellSeparation.BOUNDARY.withWatershed(true, 1.5).format()).isEqualTo("boundary, watershed h=1.5");
    assertThat(CellSeparation.watershed(2).withMinArea(30).format()).isEqualTo("watershed h=2.0, min-area=30");
    assertThat(CellSeparation.BOUNDARY.withMinArea(30).format()).isEqualTo("boundary, min-area=30");
    assertThat(CellSeparation.BOUNDARY.withMinArea(30).options(dev.tessera.imaging.instances.Connectivity.FOUR, 2)
        .minArea()).isEqualTo(30);
    assertThatThrownBy(() -> CellSeparation.parse("components, min-area=2.5"))
        .hasMessage("cell separation 'components, min-area=2.5': min-area is not a whole number of pixels, at least 1");
    assertThatThrownBy(() -> CellSeparation.parse("min-area=30"))
        .hasMessage("cell separation 'min-area=30' names neither components, a watershed nor a boundary class");

    ModelCard grown = threeClass.withSeparation(CellSeparation.BOUNDARY);
    assertThat(grown.toMetadata()).containsEntry(ModelCard.CELL_SEPARATION, "boundary");
    assertThat(ModelCards.read(write(ModelCards.withCard(tinyModel(16), grown)))).isEqualTo(grown);
    assertThat(grown.boundaryClass()).isEqualTo(2);
    assertThat(threeClass.boundaryClass()).isEqualTo(dev.tessera.imaging.instances.InstanceOptions.NO_CLASS);
    assertThat(grown.separation().options(dev.tessera.imaging.instances.Connectivity.FOUR, grown.boundaryClass())
        .boundaryClass()).isEqualTo(2);
    assertThatThrownBy(() -> CARD.withSeparation(CellSeparation.BOUNDARY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a class named 'boundary' other than the foreground class; the classes are"
            + " [background, cell]");
  }

  @Test
  void skipsTheGraphWhichHoldsTheWeights() throws IOException {
    // The metadata comes after an 8 MiB weight in the file; reading must step over it.
    OnnxMl.ModelProto model = ModelCards.withCard(tinyModel(8 << 20), CARD);
    Path file = write(model);

    Map<String, String> metadata = ModelCards.readMetadata(file);

    assertThat(Files.size(file)).isGreaterThan(8L << 20);
    assertThat(metadata).containsEntry("author", "lab").containsEntry(ModelCard.DEPTH, "4")
        .containsEntry(ModelCard.MARGIN, "92").containsEntry(ModelCard.NORMALIZATION, "percentile:1.0,99.8");
    assertThat(ModelCards.fromModel(model)).isEqualTo(CARD);
  }

  @Test
  void replacesAnEarlierCardAndKeepsForeignMetadata() {
    ModelCard other = new ModelCard("unet-d3", 3, List.of("bg", "fg"), 1, new NormalizationSpec.Range(),
        ModelCard.SelfTest.NONE, "", "", "", "");
    OnnxMl.ModelProto model = ModelCards.withCard(ModelCards.withCard(tinyModel(4), CARD), other);

    assertThat(ModelCards.fromModel(model)).isEqualTo(other);
    assertThat(model.getMetadataPropsList()).filteredOn(e -> e.getKey().equals("author")).hasSize(1);
    assertThat(model.getMetadataPropsList()).filteredOn(e -> e.getKey().equals(ModelCard.DEPTH)).hasSize(1);
  }

  @Test
  void namesTheFileAndTheMissingKeyOfAModelWithoutACard() throws IOException {
    Path file = write(tinyModel(4));

    assertThatThrownBy(() -> ModelCards.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Model " + file + ": Model metadata lacks tessera.depth; is this a Tessera model?");
  }

  @Test
  void refusesACardWhoseMarginContradictsItsDepth() throws IOException {
    OnnxMl.ModelProto.Builder model = ModelCards.withCard(tinyModel(4), CARD).toBuilder();
    for (int i = 0; i < model.getMetadataPropsCount(); i++) {
      if (model.getMetadataProps(i).getKey().equals(ModelCard.MARGIN)) {
        model.setMetadataProps(i, model.getMetadataProps(i).toBuilder().setValue("44"));
      }
    }
    Path file = write(model.build());

    assertThatThrownBy(() -> ModelCards.read(file))
        .hasMessageContaining("tessera.margin=44 contradicts its depth 4, which gives 92");
  }

  @Test
  void namesAFileThatIsNotAnOnnxModel() throws IOException {
    Path text = dir.resolve("notes.onnx");
    Files.writeString(text, "this is not a model\n");
    Path empty = dir.resolve("empty.onnx");
    Files.write(empty, new byte[0]);

    assertThatThrownBy(() -> ModelCards.read(text))
        .hasMessageStartingWith("Model file " + text + " is not an ONNX model");
    assertThatThrownBy(() -> ModelCards.read(empty))
        .hasMessage("Model file " + empty + " is not an ONNX model (protobuf ModelProto): it has neither an"
            + " ir_version nor a graph");
    assertThatThrownBy(() -> ModelCards.read(dir.resolve("missing.onnx")))
        .hasMessage("Model file " + dir.resolve("missing.onnx") + " does not exist");
  }

  @Test
  void refusesAKeyThatAppearsTwice() throws IOException {
    OnnxMl.ModelProto model = tinyModel(4).toBuilder()
        .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("author").setValue("again"))
        .build();
    Path file = write(model);

    assertThatThrownBy(() -> ModelCards.readMetadata(file))
        .hasMessageContaining("holds the key author twice");
  }
}
