package dev.tessera.trainer.cli;

import ai.djl.ndarray.NDManager;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.trainer.data.DataFolder;
import dev.tessera.trainer.data.Split;
import dev.tessera.trainer.evaluate.Evaluator;
import dev.tessera.trainer.export.Checkpoints;
import dev.tessera.trainer.export.OnnxExport;
import dev.tessera.trainer.export.ZooExport;
import dev.tessera.trainer.metrics.Scores;
import dev.tessera.trainer.net.UNet;
import dev.tessera.trainer.train.ModelCards;
import dev.tessera.trainer.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera export}: exports a checkpoint of a training run to ONNX with its model card. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Exports a checkpoint of a training run (its latest unless --checkpoint) to ONNX: input 'image'"
        + " [N,1,H,W], output 'probabilities' [N,C,H-2m,W-2m] with dynamic N, H, W, opset 17, and the model card"
        + " (geometry, classes, normalization, training data and config, validation metrics, self-test) as metadata.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:exported", "1:export failed (unreadable run or checkpoint)", "2:invalid options"})
public final class ExportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "the run folder (with config.json)")
  Path run;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "checkpoint to export; default the latest of DIR/checkpoints")
  Path checkpoint;

  @Option(names = "--out", paramLabel = "FILE", description = "model file; default DIR/model.onnx")
  Path out;

  @Option(names = "--model-id", paramLabel = "ID", description = "model id; default the run's")
  String modelId;

  @Option(names = "--watershed", description = "the card recommends splitting touching cells by the distance-transform"
      + " watershed (nuclei); the stitcher and tessera run follow it unless told otherwise. Default: connected"
      + " components")
  boolean watershed;

  @Option(names = "--watershed-h", defaultValue = "" + InstanceOptions.DEFAULT_WATERSHED_H, paramLabel = "PX",
      description = "the valley depth a watershed split must exceed; default ${DEFAULT-VALUE}")
  double watershedH;

  @Option(names = "--min-area", defaultValue = "0", paramLabel = "PX", description = "the card recommends dropping"
      + " cells of fewer pixels (specks, fragments), chosen on validation; default ${DEFAULT-VALUE}: keep every cell")
  int minArea;

  @Option(names = "--threshold", paramLabel = "P",
      description = "the card's foreground threshold (0..1, chosen on validation with evaluate --threshold), which the"
          + " stitcher and tessera run apply unless told otherwise. Default: none, each pixel's most probable class")
  Double threshold;

  @Option(names = "--license", defaultValue = "CC-BY-4.0", paramLabel = "SPDX",
      description = "licence of the weights in the BioImage Model Zoo description (rdf.yaml) written beside the"
          + " model; default ${DEFAULT-VALUE}")
  String license;

  @Option(names = "--rescore", description = "score the checkpoint on the run's validation images again (through"
      + " ONNX Runtime, the current tile geometry) instead of taking the run's validation.json")
  boolean rescore;

  @Override
  public Integer call() {
    return CommandErrors.run(spec, () -> {
      Path configFile = run.resolve("config.json");
      if (!Files.isRegularFile(configFile)) {
        throw new IllegalArgumentException("--run " + run + " is not a training run folder (no config.json)");
      }
      TrainConfig config = TrainConfig.fromJson(Files.readString(configFile));
      Path file = checkpoint != null ? checkpoint : Checkpoints.latest(run.resolve("checkpoints"))
          .orElseThrow(() -> new IOException("no checkpoints in " + run.resolve("checkpoints")));
      Path validation = run.resolve("validation.json");
      String metrics = Files.isRegularFile(validation) ? Files.readString(validation).strip() : "";
      List<String> train = List.of();
      List<String> val = List.of();
      Path data = Path.of(config.data());
      if (Files.isDirectory(data.resolve("images"))) {
        Split s = Split.of(DataFolder.names(data), config.split());
        train = s.training();
        val = s.validation();
      }
      if (rescore) {
        if (val.isEmpty()) {
          throw new IllegalArgumentException("--rescore needs the run's validation images, but " + data
              + " has none for split " + config.split());
        }
        metrics = null;
      }
      ModelCard card = ModelCards.of(config, train, val, metrics == null ? "" : metrics);
      if (modelId != null) {
        card = card.withModelId(modelId);
      }
      Path target = out != null ? out : run.resolve("model.onnx");
      try (NDManager manager = NDManager.newBaseManager()) {
        UNet net = Checkpoints.load(config.spec(), file, manager);
        if (metrics == null) {
          Scores scores = Evaluator.score(OnnxExport.exportWithoutSelfTest(net, card),
              DataFolder.load(data, config.labelFormat(), val), config.normalizationSpec(), config.maxInput());
          spec.commandLine().getOut().println("validation: " + scores);
          card = ModelCards.of(config, train, val, scores.toJson());
          if (modelId != null) {
            card = card.withModelId(modelId);
          }
        }
        if (watershed) {
          card = card.withSeparation(card.separation().withWatershed(true, watershedH));
        }
        if (minArea > 0) {
          card = card.withSeparation(card.separation().withMinArea(minArea));
        }
        if (threshold != null) {
          card = card.withForegroundThreshold(threshold);
        }
        byte[] onnx = OnnxExport.export(net, card);
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(target, onnx);
        spec.commandLine().getOut().println("exported " + file + " (" + config.spec().id() + ", "
            + config.spec().parameterCount() + " parameters) to " + target + " (" + onnx.length + " bytes)");
        String documentation = Files.exists(parent.resolve("README.md")) ? "README.md" : "documentation.md";
        ZooExport.write(parent, target, documentation, license);
        spec.commandLine().getOut().println("wrote its BioImage Model Zoo description " + parent.resolve(ZooExport.RDF)
            + " with " + ZooExport.TEST_INPUT + " and " + ZooExport.TEST_OUTPUT);
      }
      return 0;
    });
  }

}
