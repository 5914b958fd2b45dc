package dev.tessera.trainer.cli;

import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.trainer.data.LabelFormat;
import dev.tessera.trainer.data.LabelledImage;
import dev.tessera.trainer.evaluate.Evaluator;
import dev.tessera.trainer.metrics.Scores;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera tune}: chooses a model's post-processing on labelled images. Each image is scored
 * by the model once; every combination of foreground threshold, watershed and minimum cell area is
 * then applied to those probabilities as the stitcher would, and the combinations are ranked by a
 * metric. Choose on images the figures are not reported on ({@code --images training:SPLIT}), then
 * store the choice in the card with {@code export} and measure it with {@code evaluate}.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Ranks post-processing choices (foreground threshold, watershed, minimum cell area) of a model on"
        + " labelled images: the model scores each image once, each combination is applied as the stitcher would,"
        + " and the best are printed with the export options that store them in the model card.",
        "Choose on the training side of the split (--images training:fraction:0.2:3), report with evaluate on the"
            + " validation side."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:ranked", "1:failed (unreadable model or data)", "2:invalid options"})
public final class TuneCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "the model.onnx to tune")
  Path model;

  @Mixin
  LabelledImages images;

  @Option(names = "--tta", defaultValue = "none", paramLabel = "none|flip8",
      description = "test-time augmentation the choice is made for; default ${DEFAULT-VALUE}")
  String tta;

  @Option(names = "--thresholds", defaultValue = "argmax,0.5,0.6,0.7,0.8", split = ",", paramLabel = "P",
      description = "foreground thresholds to try (argmax: each pixel's most probable class); default ${DEFAULT-VALUE}")
  List<String> thresholds;

  @Option(names = "--watershed", defaultValue = "off,on", split = ",", paramLabel = "off|on",
      description = "whether to try connected components (off), the watershed (on) or both; default ${DEFAULT-VALUE}")
  List<String> watershed;

  @Option(names = "--watershed-h", paramLabel = "PX",
      description = "the watershed's valley depth; default the card's, else 2.0")
  Double watershedH;

  @Option(names = "--min-areas", defaultValue = "0,15,30,60", split = ",", paramLabel = "PX",
      description = "minimum cell areas to try, in pixels; default ${DEFAULT-VALUE}")
  List<Integer> minAreas;

  @Option(names = "--metric", paramLabel = "METRIC", description = "what ranks the choices: f1, rand-error or"
      + " pixel-error; default f1 for instance labels, rand-error for binary ones")
  String metric;

  @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "rows to print; default ${DEFAULT-VALUE}")
  int top;

  /** One combination and its mean scores. */
  record Choice(double threshold, CellSeparation separation, Scores scores) {

    /** The choice in words: {@code threshold 0.7, watershed h=2.0, min-area=30}. */
    String describe() {
      return "threshold " + (Double.isNaN(threshold) ? "argmax" : threshold) + ", " + separation.format();
    }

    /** {@code export}'s options that store this choice in a model card (a run's card: argmax, no watershed). */
    String exportOptions() {
      List<String> o = new ArrayList<>();
      if (!Double.isNaN(threshold)) {
        o.add("--threshold " + threshold);
      }
      if (separation.watershed()) {
        o.add("--watershed --watershed-h " + separation.watershedH());
      }
      if (separation.minArea() > 0) {
        o.add("--min-area " + separation.minArea());
      }
      return String.join(" ", o);
    }
  }

  @Override
  public Integer call() {
    return CommandErrors.run(spec, () -> {
      if (!tta.equals("none") && !tta.equals("flip8")) {
        throw new IllegalArgumentException("--tta " + tta + " is not one of none, flip8");
      }
      if (!Files.isRegularFile(model)) {
        throw new IllegalArgumentException("--model " + model + " is not a file");
      }
      if (top < 1) {
        throw new IllegalArgumentException("--top must be at least 1, was " + top);
      }
      List<Double> ts = thresholds.stream().map(TuneCommand::threshold).toList();
      List<Boolean> splits = watershed.stream().map(TuneCommand::onOff).toList();
      for (int a : minAreas) {
        if (a < 0) {
          throw new IllegalArgumentException("--min-areas " + a + " is not a number of pixels, at least 0");
        }
      }
      String by = metric != null ? metric : images.format() instanceof LabelFormat.Binary ? "rand-error" : "f1";
      Comparator<Choice> ranking = ranking(by);
      List<LabelledImage> loaded = images.load();
      PrintWriter out = spec.commandLine().getOut();
      List<Choice> choices = new ArrayList<>();
      try (UNetModel m = UNetModel.load(model, ModelOptions.cpu())) {
        ModelCard card = m.card();
        List<float[]> probabilities = new ArrayList<>();
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        for (LabelledImage img : loaded) {
          probabilities.add(Evaluator.probabilities(m, img, card.normalization(), images.maxInput, tta.equals("flip8")));
          if (probabilities.size() % 10 == 0 || probabilities.size() == loaded.size()) {
            err.printf(Locale.ROOT, "scored %d/%d images (%.1f s)%n", probabilities.size(), loaded.size(),
                (System.nanoTime() - t0) / 1e9);
            err.flush();
          }
        }
        double h = watershedH != null ? watershedH : card.separation().watershedH();
        for (double t : ts) {
          for (boolean split : splits) {
            for (int area : minAreas) {
              CellSeparation s = card.separation().withWatershed(split, h).withMinArea(area);
              List<Scores> scores = new ArrayList<>();
              for (int i = 0; i < loaded.size(); i++) {
                scores.add(Evaluator.score(loaded.get(i), probabilities.get(i), card, t,
                    s.options(Connectivity.FOUR, card.boundaryClass())).scores());
              }
              choices.add(new Choice(t, s, Scores.mean(scores)));
            }
          }
        }
        choices.sort(ranking);
        out.printf(Locale.ROOT, "%s on %d images of %s (%s), ranked by %s; the card now: threshold %s, %s%n%n",
            card.modelId(), loaded.size(), images.data, images.images, by,
            card.hasForegroundThreshold() ? card.foregroundThreshold() : "argmax", card.separation().format());
        out.println("| threshold | cells | pixel error | Rand error | F1 at IoU 0.5 | TP / FP / FN |");
        out.println("|---|---|---:|---:|---:|---|");
        for (Choice c : choices.subList(0, Math.min(top, choices.size()))) {
          Scores s = c.scores();
          out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %d / %d / %d |%n",
              Double.isNaN(c.threshold()) ? "argmax" : c.threshold(), c.separation().format(), s.pixelError(),
              s.randError(), s.f1(), s.truePositives(), s.falsePositives(), s.falseNegatives());
        }
        Choice best = choices.get(0);
        out.println();
        out.println("best: " + best.describe());
        out.println("store it in the card: tessera export --run RUN [--checkpoint FILE] " + best.exportOptions());
      }
      return 0;
    });
  }

  private static double threshold(String text) {
    String t = text.strip();
    if (t.equals("argmax")) {
      return ModelCard.ARGMAX;
    }
    try {
      return ModelCard.requireForegroundThreshold(Double.parseDouble(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--thresholds " + text + " is not argmax or a probability", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--thresholds " + text + ": " + e.getMessage(), e);
    }
  }

  private static boolean onOff(String text) {
    return switch (text.strip()) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("--watershed " + text + " is not on or off");
    };
  }

  /** Best first: the highest F1, or the lowest error; ties keep the order the choices were tried in. */
  private static Comparator<Choice> ranking(String metric) {
    return switch (metric) {
      case "f1" -> Comparator.comparingDouble((Choice c) -> c.scores().f1()).reversed();
      case "rand-error" -> Comparator.comparingDouble((Choice c) -> c.scores().randError());
      case "pixel-error" -> Comparator.comparingDouble((Choice c) -> c.scores().pixelError());
      default -> throw new IllegalArgumentException("--metric " + metric + " is not f1, rand-error or pixel-error");
    };
  }
}
