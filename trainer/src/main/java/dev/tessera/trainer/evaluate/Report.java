package dev.tessera.trainer.evaluate;

import dev.tessera.imaging.io.ImageFiles;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.imaging.overlay.Overlay;
import dev.tessera.trainer.metrics.Scores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation report: a Markdown page with the model card (or the baseline), per-image and mean metrics, and an
 * overlay PNG per image ({@link Overlay#comparison}), written into one folder.
 */
public final class Report {

  private Report() {}

  /**
   * Writes {@code report.md}, {@code scores.json} and {@code overlays/NAME.png} of a model's
   * predictions; returns the Markdown.
   *
   * @param cells how predicted cells were found, for the report's text
   */
  public static String write(Path dir, Path modelPath, ModelCard card, String sha256, Path data,
      List<Evaluator.Prediction> predictions, double seconds, double threshold, String cells, boolean flip8)
      throws IOException {
    StringBuilder about = new StringBuilder();
    row(about, "model", "`" + modelPath + "` (SHA-256 `" + sha256.substring(0, Math.min(16, sha256.length())) + "...`)");
    row(about, "depth / margin", card.depth() + " / " + card.geometry().margin() + " px");
    row(about, "normalization", "`" + card.normalization().format() + "`");
    row(about, "trained on", card.trainingData());
    row(about, "data evaluated", "`" + data + "`, " + predictions.size() + " images");
    row(about, "inference", String.format(Locale.ROOT,
        "whole-frame overlap tiles through ONNX Runtime (CPU)%s; %.2f s per image on average, scoring included",
        flip8 ? ", mean over the 8 rotations and mirrors (--tta flip8)" : "", seconds / predictions.size()));
    String cls = "`" + card.classNames().get(card.foregroundClass()) + "`";
    String foreground = (Double.isNaN(threshold) ? "Class of a pixel = its most probable class"
        : "Class " + cls + " where its probability >= " + threshold + ", else the most probable other class")
        + "; foreground = any class but `" + card.classNames().get(0) + "`; cells from class " + cls + ".";
    return write(dir, "Evaluation of " + card.modelId(), about, foreground, card.normalization(), predictions, cells);
  }

  /** As {@link #write(Path, Path, ModelCard, String, Path, List, double, double, String, boolean)} for the Otsu baseline. */
  public static String writeBaseline(Path dir, Path data, NormalizationSpec spec, double sigma,
      List<Evaluator.Prediction> predictions, String cells) throws IOException {
    StringBuilder about = new StringBuilder();
    row(about, "method", String.format(Locale.ROOT,
        "baseline: Gaussian blur (sigma %s px), one global Otsu threshold per image, bright = foreground", sigma));
    row(about, "normalization", "`" + spec.format() + "`");
    row(about, "data evaluated", "`" + data + "`, " + predictions.size() + " images");
    return write(dir, "Evaluation of the Otsu baseline", about, "Foreground = blurred intensity >= Otsu's threshold.",
        spec, predictions, cells);
  }

  private static String write(Path dir, String title, StringBuilder about, String foreground,
      NormalizationSpec display, List<Evaluator.Prediction> predictions, String cells) throws IOException {
    Files.createDirectories(dir.resolve("overlays"));
    Scores mean = Scores.mean(predictions.stream().map(Evaluator.Prediction::scores).toList());
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    md.append("| | |\n|---|---|\n").append(about);
    md.append("\n").append(foreground).append(" Predicted cells are ").append(cells).append(". Metrics as defined"
        + " in DESIGN.md section 7 (the Rand error on the 4-connected components); the mean row averages images,"
        + " the object counts are sums.\n\n");
    md.append("| image | pixel error | Rand error | IoU | Dice | F1@0.5 | TP | FP | FN |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Evaluator.Prediction p : predictions) {
      scoreRow(md, "[" + p.image().name() + "](overlays/" + p.image().name() + ".png)", p.scores());
      ImageFiles.writeRgb(dir.resolve("overlays").resolve(p.image().name() + ".png"), p.image().width(),
          p.image().height(), Overlay.comparison(Overlay.displayGrey(p.image().normalized(display)),
              p.image().targetForeground(), p.foreground()));
    }
    scoreRow(md, "**mean**", mean);
    md.append("\nOverlays: green = cell in truth and prediction, magenta = predicted only, blue = missed.\n");
    Files.writeString(dir.resolve("report.md"), md.toString());
    Files.writeString(dir.resolve("scores.json"), mean.toJson());
    return md.toString();
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
  }

  private static void scoreRow(StringBuilder md, String name, Scores s) {
    md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %d | %d | %d |%n", name,
        s.pixelError(), s.randError(), s.iou(), s.dice(), s.f1(), s.truePositives(), s.falsePositives(),
        s.falseNegatives()));
  }
}
