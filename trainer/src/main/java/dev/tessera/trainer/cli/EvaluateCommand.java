package dev.tessera.trainer.cli;

import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.trainer.data.LabelledImage;
import dev.tessera.trainer.evaluate.Evaluator;
import dev.tessera.trainer.evaluate.OtsuBaseline;
import dev.tessera.trainer.evaluate.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera evaluate}: scores a model on a labelled data folder and writes a report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Segments every image of a labelled data folder with whole-frame overlap-tile inference through"
        + " ONNX Runtime (the pipeline's geometry), prints pixel error, Rand error, IoU, Dice and F1 at IoU 0.5,"
        + " and writes report.md, scores.json and overlay PNGs of prediction vs truth.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:evaluated", "1:evaluation failed (unreadable model or data)", "2:invalid options"})
public final class EvaluateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--model", paramLabel = "FILE", description = "the model.onnx to evaluate")
  Path model;

  @Option(names = "--tta", defaultValue = "none", paramLabel = "none|flip8",
      description = "test-time augmentation: flip8 averages the predictions over the 8 rotations and mirrors"
          + " (8 passes); default ${DEFAULT-VALUE}")
  String tta;

  @Option(names = "--baseline", paramLabel = "METHOD", description = "instead of a model, score the trivial baseline"
      + " `otsu`: a Gaussian blur, one global Otsu threshold, bright = foreground (normalized as --normalization)")
  String baseline;

  @Option(names = "--baseline-sigma", defaultValue = "" + OtsuBaseline.DEFAULT_SIGMA, paramLabel = "PX",
      description = "the baseline's Gaussian blur in pixels; default ${DEFAULT-VALUE}")
  double baselineSigma;

  @Option(names = "--normalization", defaultValue = "percentile:1.0,99.8", paramLabel = "SPEC",
      description = "the baseline's normalization (a model uses its card's); default ${DEFAULT-VALUE}")
  String normalization;

  @Mixin
  LabelledImages images;

  @Option(names = "--out", paramLabel = "DIR", description = "report folder; default <model folder>/evaluation")
  Path out;

  @Option(names = "--threshold", paramLabel = "P",
      description = "foreground where its probability is at least P; default the model card's"
          + " (tessera.foreground-threshold), else each pixel's most probable class: what the pipeline does")
  Double threshold;

  @Option(names = "--watershed", negatable = true, description = "split touching cells with the stitcher's"
      + " distance-transform watershed (tessera.stitcher.watershed), or take 4-connected components"
      + " (--no-watershed); default the model card's cell separation (tessera.cell-separation), else components")
  Boolean watershed;

  @Option(names = "--watershed-h", paramLabel = "PX", description = "the valley depth in pixels between two cell"
      + " centres a split must exceed; default the card's, else " + InstanceOptions.DEFAULT_WATERSHED_H)
  Double watershedH;

  @Option(names = "--min-area", paramLabel = "PX", description = "drop cells of fewer pixels, as"
      + " tessera.stitcher.min-cell-area; default the card's, else 0 (every cell)")
  Integer minArea;

  @Override
  public Integer call() {
    return CommandErrors.run(spec, () -> {
      if ((model == null) == (baseline == null)) {
        throw new IllegalArgumentException("give either --model FILE or --baseline otsu");
      }
      if (baseline != null && !baseline.equals("otsu")) {
        throw new IllegalArgumentException("--baseline " + baseline + " is not a baseline: the one there is is otsu");
      }
      if (!tta.equals("none") && !tta.equals("flip8")) {
        throw new IllegalArgumentException("--tta " + tta + " is not one of none, flip8");
      }
      if (model != null && !Files.isRegularFile(model)) {
        throw new IllegalArgumentException("--model " + model + " is not a file");
      }
      List<LabelledImage> loaded = images.load();
      String md;
      Path dir;
      if (baseline != null) {
        NormalizationSpec norm = NormalizationSpec.parse(normalization);
        dir = out != null ? out : Path.of("evaluation-otsu");
        CellSeparation separation = separation(CellSeparation.COMPONENTS);
        md = Report.writeBaseline(dir, images.data, norm, baselineSigma,
            Evaluator.baseline(loaded, norm, baselineSigma, separation.options(Connectivity.FOUR, InstanceOptions.NO_CLASS)),
            separation.describe());
      } else {
        dir = out != null ? out : model.toAbsolutePath().getParent().resolve("evaluation");
        try (UNetModel m = UNetModel.load(model, ModelOptions.cpu())) {
          // The card's post-processing unless an option says otherwise: the figures of what the pipeline does.
          ModelCard card = m.card();
          double p = threshold != null ? threshold : card.foregroundThreshold();
          CellSeparation separation = separation(card.separation());
          long t0 = System.nanoTime();
          List<Evaluator.Prediction> predictions = Evaluator.predict(m, loaded, card.normalization(), images.maxInput, p,
              separation.options(Connectivity.FOUR, card.boundaryClass()), tta.equals("flip8"));
          double seconds = (System.nanoTime() - t0) / 1e9;
          md = Report.write(dir, model, card, m.sha256(), images.data, predictions, seconds, p, separation.describe(),
              tta.equals("flip8"));
        }
      }
      spec.commandLine().getOut().println(md);
      spec.commandLine().getOut().println("report written to " + dir.resolve("report.md"));
      return 0;
    });
  }

  /** {@code fallback} (the card's, or components) with what --watershed, --watershed-h and --min-area say on top. */
  private CellSeparation separation(CellSeparation fallback) {
    boolean split = watershed != null ? watershed : fallback.watershed();
    double h = watershedH != null ? watershedH : fallback.watershedH();
    return fallback.withWatershed(split, h).withMinArea(minArea != null ? minArea : fallback.minArea());
  }
}
