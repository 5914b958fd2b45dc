package dev.tessera.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.model.onnx.ConvWeights;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.trainer.augment.AugmentSpec;
import dev.tessera.trainer.data.DataFolder;
import dev.tessera.trainer.data.LabelledImage;
import dev.tessera.trainer.data.Split;
import dev.tessera.trainer.export.Checkpoints;
import dev.tessera.trainer.export.OnnxExport;
import dev.tessera.trainer.net.UNet;
import dev.tessera.trainer.synth.SyntheticCells;
import dev.tessera.trainer.synth.SyntheticDataset;
import dev.tessera.trainer.weights.WeightMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

  @TempDir
  static Path tmp;

  static Path data;
  static List<LabelledImage> train;
  static List<LabelledImage> validation;

  @BeforeAll
  static void writeSyntheticData() throws IOException {
    data = tmp.resolve("data");
    SyntheticDataset.writeFrames(data, 4, 96, 96, 21, SyntheticCells.Params.DEFAULT);
    List<LabelledImage> all = DataFolder.load(data, new dev.tessera.trainer.data.LabelFormat.Instances());
    Split split = Split.of(DataFolder.names(data), "names:synth-003");
    train = all.stream().filter(i -> split.training().contains(i.name())).toList();
    validation = all.stream().filter(i -> split.validation().contains(i.name())).toList();
  }

  /**
   * Width 16: every convolution fills whole 16-channel blocks, so these runs are correct on every
   * x86-64 machine, the AMD EPYC VMs whose oneDNN miscomputes partly filled blocks included
   * ({@link BackendSelfCheck}).
   */
  private static TrainConfig config(int steps, long seed, String optimizer, double lr) {
    return config(16, steps, seed, optimizer, lr);
  }

  private static TrainConfig config(int width, int steps, long seed, String optimizer, double lr) {
    UNetGeometry g = new UNetGeometry(2);
    return new TrainConfig(data.toString(), "instances", "names:synth-003", "test-model", 2, width, 0.5f,
        g.minimumInput() + 2 * g.modulus(), 2, steps, optimizer, lr, 0.99, seed, AugmentSpec.PAPER, WeightMap.PAPER,
        "percentile:1.0,99.8", 0, 2, 132, "", "constant", "last", false);
  }

  private static Training.Result run(TrainConfig c, String name) throws IOException {
    return new Training(c, train, validation, tmp.resolve(name), null, false, null).run();
  }

  @Test
  void aRunWritesItsFolderAndAModelThatCarriesItsCard() throws IOException {
    TrainConfig c = config(4, 1, "sgd", 0.01);
    Training.Result r = run(c, "run");
    Path dir = r.runDir();
    assertThat(TrainConfig.fromJson(Files.readString(dir.resolve("config.json")))).isEqualTo(c);
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertThat(csv).hasSize(5);
    assertThat(csv.get(0)).isEqualTo("step,loss,elapsed_s,pixel_error,rand_error,iou,dice,f1_iou50");
    assertThat(csv.get(4)).startsWith("4,").doesNotEndWith(",,,,,");
    assertThat(csv.get(1)).endsWith(",,,,,");
    assertThat(dir.resolve("loss-curve.png")).isNotEmptyFile();
    assertThat(dir.resolve("checkpoints").resolve("step-000002.params")).isNotEmptyFile();
    assertThat(dir.resolve("checkpoints").resolve("step-000004.params")).isNotEmptyFile();
    assertThat(r.losses()).hasSize(4).allMatch(Double::isFinite);
    try (UNetModel model = UNetModel.load(r.model(), ModelOptions.cpu())) {
      assertThat(model.card().modelId()).isEqualTo("test-model");
      assertThat(model.card().depth()).isEqualTo(2);
      assertThat(model.card().classNames()).containsExactly("background", "cell");
      assertThat(TrainConfig.fromJson(model.card().trainingConfig())).isEqualTo(c);
      assertThat(model.card().validationMetrics()).contains("\"pixel_error\":").contains("\"f1_iou50\":");
      assertThat(model.card().selfTest().isEmpty()).isFalse();
      assertThat(model.selfTest().passed()).isTrue();
    }
  }

  @Test
  void theSameSeedRepeatsTheRunAndAnotherSeedDoesNot() throws IOException {
    List<Double> a = run(config(3, 5, "adam", 1e-3), "seed5a").losses();
    List<Double> b = run(config(3, 5, "adam", 1e-3), "seed5b").losses();
    List<Double> c = run(config(3, 6, "adam", 1e-3), "seed6").losses();
    assertThat(b).containsExactlyElementsOf(a);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void aCheckpointHoldsTheWeightsTheModelWasExportedFrom() throws IOException {
    TrainConfig c = config(2, 9, "sgd", 0.01);
    Training.Result r = run(c, "checkpoint");
    try (NDManager manager = NDManager.newBaseManager()) {
      UNet net = Checkpoints.load(c.spec(), Checkpoints.latest(r.runDir().resolve("checkpoints")).orElseThrow(),
          manager);
      UNetWeights fromCheckpoint = OnnxExport.weights(net);
      byte[] reExported = OnnxExport.export(net, new Training(c, train, validation, tmp.resolve("unused"), null,
          false, null).card(r.validation()));
      try (UNetModel original = UNetModel.load(r.model(), ModelOptions.cpu());
          UNetModel again = UNetModel.load(reExported, ModelOptions.cpu())) {
        assertThat(again.sha256()).isEqualTo(original.sha256());
      }
      ConvWeights head = fromCheckpoint.head();
      assertThat(head.outChannels()).isEqualTo(2);
    }
  }

  @Test
  void aRunCanStartFromAnotherRunsCheckpoint() throws IOException {
    Training.Result first = run(config(2, 11, "sgd", 0.01), "first");
    Path checkpoint = Checkpoints.latest(first.runDir().resolve("checkpoints")).orElseThrow();
    TrainConfig c = config(1, 12, "sgd", 1e-12);
    TrainConfig continued = new TrainConfig(c.data(), c.labels(), c.split(), c.modelId(), c.depth(), c.width(),
        c.dropout(), c.tileSize(), c.batchSize(), c.steps(), c.optimizer(), c.learningRate(), 0, c.seed(), c.augment(),
        c.weightMap(), c.normalization(), c.validateEvery(), c.checkpointEvery(), c.maxInput(), checkpoint.toString(),
        c.schedule(), c.keepBest(), false);
    Training.Result second = run(continued, "continued");
    try (NDManager manager = NDManager.newBaseManager()) {
      UNetWeights a = OnnxExport.weights(Checkpoints.load(c.spec(), checkpoint, manager));
      UNetWeights b = OnnxExport.weights(Checkpoints.load(c.spec(),
          Checkpoints.latest(second.runDir().resolve("checkpoints")).orElseThrow(), manager));
      assertThat(b.head().weight()).containsExactly(a.head().weight(), org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(b.down().get(0).weight()).containsExactly(a.down().get(0).weight(),
          org.assertj.core.data.Offset.offset(1e-6f));
      // A checkpoint of another width is refused with the shapes named.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoints.load(config(8, 1, 1, "sgd", 0.01).spec(),
          checkpoint, manager)).isInstanceOf(IOException.class).hasMessageContaining("unet-d2-w8");
    }
  }

  @Test
  void anInterruptedRunResumesFromItsLatestCheckpointAndKeepsItsHistory() throws IOException {
    TrainConfig b = config(4, 13, "adam", 1e-3);
    TrainConfig c = new TrainConfig(b.data(), b.labels(), b.split(), b.modelId(), b.depth(), b.width(), b.dropout(),
        b.tileSize(), b.batchSize(), b.steps(), b.optimizer(), b.learningRate(), b.momentum(), b.seed(), b.augment(),
        b.weightMap(), b.normalization(), 2, 2, b.maxInput(), "", "cosine:1", "f1", false);
    Path dir = tmp.resolve("interrupted");
    Training.Result whole = new Training(c, train, validation, tmp.resolve("whole"), null, false, null).run();
    // The state a crash after step 3 leaves: checkpoints up to step 2, metrics up to step 3.
    Training.Result partial = new Training(c, train, validation, dir, null, false, null).run();
    Files.delete(dir.resolve("checkpoints").resolve("step-000004.params"));
    Files.delete(dir.resolve("model.onnx"));
    List<String> before = Files.readAllLines(dir.resolve("metrics.csv"));
    Files.write(dir.resolve("metrics.csv"), before.subList(0, 4));

    Training.Result resumed = new Training(c, train, validation, dir, null, false, null).resume();

    List<String> after = Files.readAllLines(dir.resolve("metrics.csv"));
    assertThat(after).hasSize(5);
    assertThat(after.subList(0, 3)).containsExactlyElementsOf(before.subList(0, 3));
    assertThat(after.get(3)).startsWith("3,").endsWith(",,,,,");
    assertThat(after.get(4)).startsWith("4,").doesNotEndWith(",,,,,");
    assertThat(resumed.losses()).hasSize(4);
    for (int i = 0; i < 2; i++) { // read back from metrics.csv, printed to 6 decimals
      assertThat(resumed.losses().get(i)).isCloseTo(whole.losses().get(i), org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(resumed.losses().get(2)).isNotEqualTo(partial.losses().get(2)); // draws of its own after the checkpoint
    assertThat(dir.resolve("checkpoints").resolve("step-000004.params")).isNotEmptyFile();
    try (UNetModel model = UNetModel.load(resumed.model(), ModelOptions.cpu())) {
      assertThat(model.selfTest().passed()).isTrue();
    }
    // A finished run is not resumed; a folder without checkpoints names what it lacks.
    assertThatThrownBy(() -> new Training(c, train, validation, dir, null, false, null).resume())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finished at step 4 of 4")
        .hasMessageContaining("--init");
    assertThatThrownBy(() -> new Training(c, train, validation, tmp.resolve("empty"), null, false, null).resume())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no checkpoints/step-N.params");
  }

  @Test
  void aBoundaryClassRunExportsAThreeClassModelWhoseCardGrowsCellsIntoTheBoundary() throws IOException {
    TrainConfig b = config(2, 2, "sgd", 0.01);
    TrainConfig c = new TrainConfig(b.data(), b.labels(), b.split(), b.modelId(), b.depth(), b.width(), b.dropout(),
        b.tileSize(), b.batchSize(), b.steps(), b.optimizer(), b.learningRate(), b.momentum(), b.seed(), b.augment(),
        b.weightMap(), b.normalization(), b.validateEvery(), b.checkpointEvery(), b.maxInput(), "", b.schedule(),
        b.keepBest(), true);
    assertThat(c.spec().classes()).isEqualTo(3);

    Training.Result r = run(c, "boundary");

    try (UNetModel model = UNetModel.load(r.model(), ModelOptions.cpu())) {
      assertThat(model.card().classNames()).containsExactly("background", "cell", "boundary");
      assertThat(model.card().separation()).isEqualTo(dev.tessera.imaging.model.CellSeparation.BOUNDARY);
      assertThat(model.card().boundaryClass()).isEqualTo(2);
      assertThat(model.selfTest().passed()).isTrue();
    }
    assertThatThrownBy(() -> new TrainConfig(b.data(), "binary", b.split(), b.modelId(), b.depth(), b.width(),
        b.dropout(), b.tileSize(), b.batchSize(), b.steps(), b.optimizer(), b.learningRate(), b.momentum(), b.seed(),
        b.augment(), b.weightMap(), b.normalization(), 0, 0, b.maxInput(), "", b.schedule(), b.keepBest(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--boundary-class needs instance labels (--labels instances), not binary");
  }

  @Test
  void theLossFallsOnSyntheticCellsWithThePapersSgd() throws IOException {
    List<Double> losses = run(config(16, 40, 3, "sgd", 0.01), "learn").losses();
    double first = losses.subList(0, 8).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last = losses.subList(32, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat(last).isLessThan(0.8 * first);
  }

  @Test
  void anOddWidthTrainsWhereTheBackendIsCorrectAndIsRefusedClearlyWhereItIsNot() throws IOException {
    // width 4 at batch 2: every output block is partly filled
    TrainConfig c = config(4, 3, 3, "adam", 1e-3);
    var failing = BackendSelfCheck.firstFailingLayer(c.spec(), c.batchSize());
    Training training = new Training(c, train, validation, tmp.resolve("odd"), null, false, null);
    if (failing.isEmpty()) {
      assertThat(training.run().losses()).hasSize(3).allMatch(Double::isFinite);
    } else {
      assertThatThrownBy(training::run).isInstanceOf(BackendSelfCheck.BackendMiscomputationException.class)
          .hasMessageContaining(failing.get().shape().toString()).hasMessageContaining("oneDNN")
          .hasMessageNotContaining("learning rate");
      assertThat(tmp.resolve("odd").resolve("checkpoints")).isEmptyDirectory();
    }
  }
}
