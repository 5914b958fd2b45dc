package dev.tessera.trainer.cli;

import dev.tessera.trainer.train.LossCurve;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera plot}: a run's loss and validation curves from its metrics, while it runs or after it stopped. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Draws loss-curve.png and validation-curve.png from a run folder's metrics.csv, as training does"
        + " at its end: for a run still going, or one stopped before its last step.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:drawn", "1:the metrics could not be read or the charts written", "2:invalid options"})
public final class PlotCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "the run folder (holds metrics.csv)")
  Path run;

  @Option(names = "--out", paramLabel = "DIR", description = "where the PNGs go; default the run folder")
  Path out;

  @Override
  public Integer call() {
    return CommandErrors.run(spec, () -> {
      Path metrics = run.resolve("metrics.csv");
      if (!Files.isRegularFile(metrics)) {
        throw new IllegalArgumentException("--run " + run + " holds no metrics.csv");
      }
      Path dir = Files.createDirectories(out != null ? out : run);
      for (Path png : LossCurve.fromCsv(metrics, dir)) {
        spec.commandLine().getOut().println("wrote " + png);
      }
      return 0;
    });
  }
}
