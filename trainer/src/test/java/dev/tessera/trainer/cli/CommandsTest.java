package dev.tessera.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.geometry.UNetGeometry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {

  @TempDir
  Path tmp;

  record Run(int exitCode, String out, String err) {}

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    for (Object c : new Object[] {new TrainCommand(), new ExportCommand(), new EvaluateCommand(), new SynthCommand()}) {
      Run r = run(c, "--help");
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).contains("Usage:").contains("Exit codes:");
    }
    assertThat(run(new TrainerMain(), "--help").out()).contains("train").contains("evaluate").contains("synth");
  }

  @Test
  void anInvalidValueIsAUsageErrorNamingTheOption() {
    Run r = run(new TrainCommand(), "--data", tmp.toString(), "--tile-size", "500", "--depth", "4");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--tile-size 500 is not a valid input").contains("188 + k*16");
    Run missing = run(new EvaluateCommand(), "--data", tmp.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--model");
    Run split = run(new TrainCommand(), "--data", tmp.toString(), "--split", "half");
    assertThat(split.exitCode()).isEqualTo(2);
  }

  @Test
  void aDataFolderWithoutImagesIsAFailureSayingWhatIsMissing() {
    Run r = run(new TrainCommand(), "--data", tmp.toString(), "--steps", "1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("must contain images/ and labels/");
  }

  @Test
  void synthTrainExportAndEvaluateWorkTogether() throws Exception {
    Path data = tmp.resolve("data");
    Run synth = run(new SynthCommand(), "--out", data.toString(), "--count", "3", "--width", "80", "--height", "72",
        "--seed", "4");
    assertThat(synth.exitCode()).isZero();
    assertThat(Files.list(data.resolve("images")).count()).isEqualTo(3);
    assertThat(Files.list(data.resolve("labels")).count()).isEqualTo(3);

    UNetGeometry g = new UNetGeometry(2);
    Path runDir = tmp.resolve("run");
    Run train = run(new TrainCommand(), "--data", data.toString(), "--labels", "instances", "--split", "names:synth-002",
        "--depth", "2", "--width", "2", "--tile-size", Integer.toString(g.minimumInput() + g.modulus()), "--steps", "2",
        "--optimizer", "adam", "--lr", "0.001", "--max-input", "132", "--out", runDir.toString(), "--no-progress");
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("validation: pixel error");

    Path charts = tmp.resolve("charts");
    Run plot = run(new PlotCommand(), "--run", runDir.toString(), "--out", charts.toString());
    assertThat(plot.exitCode()).as(plot.err()).isZero();
    assertThat(charts.resolve("loss-curve.png")).isNotEmptyFile();
    assertThat(charts.resolve("validation-curve.png")).isNotEmptyFile();
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(broken.resolve("metrics.csv"), "step,loss\n1,oops,2,,,,,\n");
    Run unreadable = run(new PlotCommand(), "--run", broken.toString());
    assertThat(unreadable.exitCode()).isEqualTo(1);
    assertThat(unreadable.err()).contains("is not a Tessera metrics.csv: line '1,oops,2,,,,,'");

    Path exported = tmp.resolve("exported.onnx");
    Run export = run(new ExportCommand(), "--run", runDir.toString(), "--out", exported.toString(), "--model-id",
        "renamed", "--rescore");
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.out()).contains("validation: pixel error");
    assertThat(exported).isNotEmptyFile();

    Path report = tmp.resolve("report");
    Run evaluate = run(new EvaluateCommand(), "--model", exported.toString(), "--data", data.toString(), "--images",
        "names:synth-000,synth-002", "--out", report.toString(), "--max-input", "132");
    assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
    assertThat(evaluate.out()).contains("# Evaluation of renamed").contains("| **mean** |");
    assertThat(report.resolve("report.md")).isNotEmptyFile();
    assertThat(report.resolve("scores.json")).content().contains("\"rand_error\":");
    assertThat(report.resolve("overlays").resolve("synth-000.png")).isNotEmptyFile();
    assertThat(report.resolve("overlays").resolve("synth-002.png")).isNotEmptyFile();

    // evaluate follows the card's post-processing, as the pipeline does, unless told otherwise
    Path carded = tmp.resolve("carded.onnx");
    assertThat(run(new ExportCommand(), "--run", runDir.toString(), "--out", carded.toString(), "--threshold", "0.3",
        "--watershed", "--watershed-h", "1.5").exitCode()).isZero();
    Run byCard = run(new EvaluateCommand(), "--model", carded.toString(), "--data", data.toString(), "--images",
        "names:synth-000", "--out", tmp.resolve("by-card").toString(), "--max-input", "132");
    assertThat(byCard.out()).contains(">= 0.3, else").contains("split by the stitcher's distance-transform watershed (h 1.5"
        + " px)");
    Run overridden = run(new EvaluateCommand(), "--model", carded.toString(), "--data", data.toString(), "--images",
        "names:synth-000", "--out", tmp.resolve("overridden").toString(), "--max-input", "132", "--threshold", "0.5",
        "--no-watershed");
    assertThat(overridden.out()).contains(">= 0.5, else").contains("the 4-connected components of the foreground");
    // tune ranks every combination on the probabilities of one scoring pass; each row is what evaluate measures
    Run tune = run(new TuneCommand(), "--model", carded.toString(), "--data", data.toString(), "--images",
        "names:synth-000,synth-002", "--max-input", "132", "--thresholds", "argmax,0.5", "--watershed", "off,on",
        "--min-areas", "0,20", "--top", "100");
    assertThat(tune.exitCode()).as(tune.err()).isZero();
    List<String> rows = tune.out().lines().filter(l -> l.matches("\\| (argmax|0\\.5) \\|.*")).toList();
    assertThat(rows).hasSize(8);
    List<Double> f1s = rows.stream().map(r -> Double.parseDouble(r.split("\\|")[5].strip())).toList();
    assertThat(f1s).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(tune.out()).contains("ranked by f1; the card now: threshold 0.3, watershed h=1.5").contains("best: threshold ")
        .contains("store it in the card: tessera export --run RUN [--checkpoint FILE] ");
    Run plain = run(new EvaluateCommand(), "--model", carded.toString(), "--data", data.toString(), "--images",
        "names:synth-000,synth-002", "--out", tmp.resolve("plain").toString(), "--max-input", "132", "--threshold", "0.5",
        "--no-watershed", "--min-area", "20");
    String[] mean = plain.out().lines().filter(l -> l.startsWith("| **mean** |")).findFirst().orElseThrow().split("\\|");
    String row = rows.stream().filter(r -> r.startsWith("| 0.5 | components, min-area=20 |")).findFirst().orElseThrow();
    assertThat(row).isEqualTo("| 0.5 | components, min-area=20 | " + mean[2].strip() + " | " + mean[3].strip() + " | "
        + mean[6].strip() + " | " + mean[7].strip() + " / " + mean[8].strip() + " / " + mean[9].strip() + " |");
    assertThat(run(new TuneCommand(), "--model", carded.toString(), "--data", data.toString(), "--watershed", "maybe")
        .err()).contains("--watershed maybe is not on or off");
    Run sized = run(new EvaluateCommand(), "--model", carded.toString(), "--data", data.toString(), "--images",
        "training:names:synth-000", "--out", tmp.resolve("sized").toString(), "--max-input", "132", "--min-area", "5");
    assertThat(sized.out()).contains("without cells under 5 px").contains("`" + data + "`, 2 images")
        .contains("synth-001").contains("synth-002").doesNotContain("synth-000.png");
    assertThat(evaluate.out()).as("a card without post-processing: the most probable class and components")
        .contains("Class of a pixel = its most probable class").contains("the 4-connected components of the foreground");

    Path augmented = tmp.resolve("flip8");
    Run flip8 = run(new EvaluateCommand(), "--model", exported.toString(), "--data", data.toString(), "--images",
        "names:synth-000", "--out", augmented.toString(), "--max-input", "132", "--tta", "flip8");
    assertThat(flip8.exitCode()).as(flip8.err()).isZero();
    assertThat(flip8.out()).contains("mean over the 8 rotations and mirrors (--tta flip8)");

    Path baseline = tmp.resolve("otsu");
    Run otsu = run(new EvaluateCommand(), "--baseline", "otsu", "--data", data.toString(), "--images",
        "names:synth-000,synth-002", "--out", baseline.toString());
    assertThat(otsu.exitCode()).as(otsu.err()).isZero();
    assertThat(otsu.out()).contains("# Evaluation of the Otsu baseline").contains("| **mean** |");
    assertThat(baseline.resolve("overlays").resolve("synth-002.png")).isNotEmptyFile();
    Run both = run(new EvaluateCommand(), "--baseline", "otsu", "--model", exported.toString(), "--data",
        data.toString());
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give either --model FILE or --baseline otsu");
  }
}
