package dev.tessera.trainer.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tessera.trainer.metrics.Scores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run folder says about its first {@code step} steps, read back to resume it: the lines of
 * {@code metrics.csv} up to that step, the losses and validation points in them, and the best
 * validation point of {@code best.json} if it is not newer than the step (a best checkpoint saved
 * after the resumed checkpoint belongs to steps that will be run again).
 *
 * @param step the steps done
 * @param csvLines the metrics lines of those steps, without the header
 * @param seconds training time of those steps
 * @param best the best validation point so far, or null
 * @param bestStep its step, 0 without one
 */
record RunHistory(int step, List<String> csvLines, List<Double> losses, List<Integer> validationSteps,
    List<Scores> validations, double seconds, Scores best, int bestStep) {

  static final String CSV_HEADER = "step,loss,elapsed_s,pixel_error,rand_error,iou,dice,f1_iou50";

  static final RunHistory EMPTY = new RunHistory(0, List.of(), List.of(), List.of(), List.of(), 0, null, 0);

  RunHistory {
    csvLines = List.copyOf(csvLines);
    losses = List.copyOf(losses);
    validationSteps = List.copyOf(validationSteps);
    validations = List.copyOf(validations);
  }

  /**
   * Reads the history of the first {@code step} steps of the run in {@code runDir}.
   *
   * @throws IllegalArgumentException when {@code metrics.csv} is missing or lacks one of those steps
   */
  static RunHistory read(Path runDir, int step) throws IOException {
    Path metrics = runDir.resolve("metrics.csv");
    if (!Files.isRegularFile(metrics)) {
      throw new IllegalArgumentException("the run folder " + runDir + " has no metrics.csv to resume from");
    }
    List<String> lines = Files.readAllLines(metrics);
    if (lines.isEmpty() || !lines.get(0).equals(CSV_HEADER)) {
      throw new IllegalArgumentException(metrics + " does not start with the header " + CSV_HEADER);
    }
    List<String> kept = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    List<Integer> validationSteps = new ArrayList<>();
    List<Scores> validations = new ArrayList<>();
    double seconds = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      int s;
      try {
        s = Integer.parseInt(f[0]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(metrics + ": line '" + line + "' does not start with a step", e);
      }
      if (s > step) {
        break;
      }
      if (f.length != 8 || s != kept.size() + 1) {
        throw new IllegalArgumentException(metrics + ": line '" + line + "' is not step " + (kept.size() + 1)
            + " with 8 fields");
      }
      kept.add(line);
      losses.add(Double.parseDouble(f[1]));
      seconds = Double.parseDouble(f[2]);
      if (!f[3].isEmpty()) {
        validationSteps.add(s);
        // The curves need the five rates; object counts are in best.json and validation.json only.
        validations.add(new Scores(Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
            Double.parseDouble(f[6]), Double.parseDouble(f[7]), 0, 0, 0, 0));
      }
    }
    if (kept.size() != step) {
      throw new IllegalArgumentException(metrics + " records " + kept.size() + " steps, fewer than the checkpoint's "
          + step);
    }
    Scores best = null;
    int bestStep = 0;
    Path bestJson = runDir.resolve("best.json");
    if (Files.isRegularFile(bestJson) && Files.isRegularFile(runDir.resolve("checkpoints").resolve("best.params"))) {
      JsonObject o = JsonParser.parseString(Files.readString(bestJson)).getAsJsonObject();
      int s = o.get("step").getAsInt();
      if (s <= step) {
        best = scores(o.getAsJsonObject("validation"));
        bestStep = s;
      }
    }
    return new RunHistory(step, kept, losses, validationSteps, validations, seconds, best, bestStep);
  }

  private static Scores scores(JsonObject v) {
    return new Scores(v.get("pixel_error").getAsDouble(), v.get("rand_error").getAsDouble(),
        v.get("iou").getAsDouble(), v.get("dice").getAsDouble(), v.get("f1_iou50").getAsDouble(),
        v.get("true_positives").getAsInt(), v.get("false_positives").getAsInt(), v.get("false_negatives").getAsInt(),
        v.get("images").getAsInt());
  }
}
