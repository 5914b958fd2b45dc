package dev.tessera.trainer.cli;

import dev.tessera.trainer.augment.AugmentSpec;
import dev.tessera.trainer.data.DataFolder;
import dev.tessera.trainer.data.LabelledImage;
import dev.tessera.trainer.data.Split;
import dev.tessera.trainer.train.TrainConfig;
import dev.tessera.trainer.train.Training;
import dev.tessera.trainer.weights.WeightMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera train}: trains a U-Net on a data folder and exports it to ONNX. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the paper's U-Net (DJL, PyTorch engine) on a folder of images/ and labels/, validates it"
        + " through ONNX Runtime with the pipeline's overlap tiles, and writes a run folder: config.json,"
        + " metrics.csv, loss-curve.png, checkpoints/ and model.onnx with its model card.",
        "A fixed --seed repeats a run exactly. --resume RUN_DIR continues an interrupted run from its latest"
            + " checkpoint with the run's own config.json (other training options are then refused)."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:trained and exported", "1:training failed (data unreadable, loss diverged, ...)",
        "2:invalid options"})
public final class TrainCommand implements Callable<Integer> {

  /** Options that only steer how a run is shown or computed, not what it computes. */
  private static final List<String> KEPT_ON_RESUME = List.of("--resume", "--threads", "--no-progress");

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "data folder with images/ and labels/ (required unless"
      + " --resume)")
  Path data;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "continue the run in RUN_DIR from its latest checkpoints/step-N.params: same config, the schedule"
          + " and metrics.csv carry on (the optimiser's moments restart)")
  Path resume;

  @Option(names = "--labels", defaultValue = "auto", paramLabel = "FORMAT",
      description = "label format: auto, instances, binary (non-zero = cell) or binary:V (V = cell, ISBI: binary:255);"
          + " default ${DEFAULT-VALUE}")
  String labels;

  @Option(names = "--split", defaultValue = "fraction:0.2", paramLabel = "SPLIT",
      description = "validation images: none, names:A,B,... (ranges like 18-21), fraction:F or fraction:F:SEED (split seed,"
          + " default 0); default ${DEFAULT-VALUE}")
  String split;

  @Option(names = "--out", paramLabel = "DIR", description = "run folder; default runs/<model-id>")
  Path out;

  @Option(names = "--model-id", paramLabel = "ID", description = "id of the exported model; default unet-d<depth>-w<width>")
  String modelId;

  @Option(names = "--depth", defaultValue = "4", description = "U-Net depth (poolings); default ${DEFAULT-VALUE}")
  int depth;

  @Option(names = "--width", defaultValue = "64", description = "filters of the first level (paper: 64); default ${DEFAULT-VALUE}")
  int width;

  @Option(names = "--dropout", defaultValue = "0.5", description = "dropout at the end of the contracting path; default ${DEFAULT-VALUE}")
  float dropout;

  @Option(names = "--tile-size", defaultValue = "572", paramLabel = "N",
      description = "training tile side, a valid input size; default ${DEFAULT-VALUE}")
  int tileSize;

  @Option(names = "--batch", defaultValue = "1", description = "tiles per step (paper: 1); default ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--steps", defaultValue = "1000", description = "optimisation steps; default ${DEFAULT-VALUE}")
  int steps;

  @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd (momentum, the paper) or adam; default ${DEFAULT-VALUE}")
  String optimizer;

  @Option(names = "--lr", defaultValue = "0.01", description = "learning rate; default ${DEFAULT-VALUE}")
  double lr;

  @Option(names = "--schedule", defaultValue = "constant", paramLabel = "SCHEDULE",
      description = "learning-rate schedule: constant, cosine or cosine:WARMUP_STEPS (linear warm-up, then cosine"
          + " decay to 1%% of --lr); default ${DEFAULT-VALUE}")
  String schedule;

  @Option(names = "--keep-best", defaultValue = "auto", paramLabel = "METRIC",
      description = "validation metric whose best checkpoint is exported: auto (rand-error for binary labels, f1"
          + " for instances), pixel-error, rand-error, f1, or last; default ${DEFAULT-VALUE}")
  String keepBest;

  @Option(names = "--boundary-class", description = "learn a third class, each cell's outline (instance labels"
      + " only): the stitcher grows the predicted interiors into it, keeping touching cells apart")
  boolean boundaryClass;

  @Option(names = "--momentum", defaultValue = "0.99", description = "SGD momentum; default ${DEFAULT-VALUE}")
  double momentum;

  @Option(names = "--seed", defaultValue = "42", description = "seed of everything random; default ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--elastic-std", defaultValue = "10", paramLabel = "PX",
      description = "std of the elastic grid displacements, 0 = off; default ${DEFAULT-VALUE}")
  double elasticStd;

  @Option(names = "--elastic-grid", defaultValue = "3", description = "coarse displacement grid side; default ${DEFAULT-VALUE}")
  int elasticGrid;

  @Option(names = "--no-shift", description = "always cut tiles at the image's top left")
  boolean noShift;

  @Option(names = "--no-rotate", description = "no random quarter turns")
  boolean noRotate;

  @Option(names = "--no-flip", description = "no random flips")
  boolean noFlip;

  @Option(names = "--grey-scale", defaultValue = "0.1", description = "grey values scaled by 1 +- this; default ${DEFAULT-VALUE}")
  double greyScale;

  @Option(names = "--grey-offset", defaultValue = "0.1", description = "grey values shifted by +- this; default ${DEFAULT-VALUE}")
  double greyOffset;

  @Option(names = "--w0", defaultValue = "10", description = "weight-map border weight (paper: 10); default ${DEFAULT-VALUE}")
  double w0;

  @Option(names = "--sigma", defaultValue = "5", description = "weight-map border width in px (paper: ~5); default ${DEFAULT-VALUE}")
  double sigma;

  @Option(names = "--no-class-balance", description = "w_c = 1 instead of balancing class frequencies")
  boolean noClassBalance;

  @Option(names = "--normalization", defaultValue = "percentile:1.0,99.8",
      description = "input normalization the model card declares: range or percentile:LOW,HIGH; default ${DEFAULT-VALUE}")
  String normalization;

  @Option(names = "--validate-every", defaultValue = "0", paramLabel = "STEPS",
      description = "validate every STEPS steps (0 = at the end only); default ${DEFAULT-VALUE}")
  int validateEvery;

  @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "STEPS",
      description = "checkpoint every STEPS steps (0 = at the end only); default ${DEFAULT-VALUE}")
  int checkpointEvery;

  @Option(names = "--max-input", defaultValue = "572", paramLabel = "N",
      description = "largest tile side for whole-image validation; default ${DEFAULT-VALUE}")
  int maxInput;

  @Option(names = "--init", paramLabel = "CHECKPOINT",
      description = "start from the weights of a checkpoint of the same depth and width (e.g. to continue a run)")
  Path init;

  @Option(names = "--no-progress", description = "print progress lines instead of a progress bar")
  boolean noProgress;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "PyTorch intra-op threads, 0 = one per core; 1 is several times faster on a machine shared with"
          + " other busy processes (spinning OpenMP threads); default ${DEFAULT-VALUE}")
  int threads;

  @Override
  public Integer call() {
    return CommandErrors.run(spec, () -> {
      EngineThreads.set(threads);
      if (resume != null) {
        return resume();
      }
      if (data == null) {
        throw new IllegalArgumentException("--data DIR is required (or --resume RUN_DIR)");
      }
      String id = modelId != null ? modelId : "unet-d" + depth + "-w" + width;
      AugmentSpec augment = new AugmentSpec(elasticStd, elasticGrid, !noShift, !noRotate, !noFlip, greyScale, greyOffset);
      TrainConfig config = new TrainConfig(data.toString(), labels, split, id, depth, width, dropout, tileSize, batch,
          steps, optimizer, lr, momentum, seed, augment, new WeightMap(w0, sigma, !noClassBalance), normalization,
          validateEvery, checkpointEvery, maxInput, init == null ? "" : init.toString(), schedule, keepBest,
          boundaryClass);
      if (init != null && !Files.isRegularFile(init)) {
        throw new IllegalArgumentException("--init " + init + " is not a checkpoint file");
      }
      Path runDir = out != null ? out : Path.of("runs", id);
      return report(training(config, runDir).run());
    });
  }

  private int resume() throws IOException {
    // Picocli offers no "was given" for options with defaults; the parse result knows.
    List<String> given = spec.commandLine().getParseResult().matchedOptions().stream()
        .map(o -> o.longestName()).filter(n -> !KEPT_ON_RESUME.contains(n)).toList();
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("--resume continues with the run's own config.json; drop " + given);
    }
    Path configFile = resume.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException("--resume " + resume + " is not a run folder: it has no config.json");
    }
    TrainConfig config = TrainConfig.fromJson(Files.readString(configFile));
    return report(training(config, resume).resume());
  }

  private Training training(TrainConfig config, Path runDir) throws IOException {
    Path dataDir = Path.of(config.data());
    if (!Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException("--data " + dataDir + " is not a folder");
    }
    List<LabelledImage> all = DataFolder.load(dataDir, config.labelFormat());
    Split s = Split.of(all.stream().map(LabelledImage::name).toList(), config.split());
    List<LabelledImage> train = all.stream().filter(i -> s.training().contains(i.name())).toList();
    List<LabelledImage> validation = all.stream().filter(i -> s.validation().contains(i.name())).toList();
    PrintWriter log = spec.commandLine().getOut();
    log.println("data " + dataDir + ": " + s);
    log.println("network " + config.spec().id() + ", " + config.spec().parameterCount() + " parameters, tile "
        + config.tileSize() + " -> " + config.spec().geometry().outputSize(config.tileSize()) + ", "
        + config.optimizer() + " lr " + config.learningRate());
    return new Training(config, train, validation, runDir, log, !noProgress, null);
  }

  private int report(Training.Result r) {
    PrintWriter log = spec.commandLine().getOut();
    if (r.validation() != null) {
      log.println("validation: " + r.validation());
    }
    log.println("run folder: " + r.runDir().toAbsolutePath());
    return 0;
  }
}
