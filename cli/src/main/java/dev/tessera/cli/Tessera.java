package dev.tessera.cli;

import dev.tessera.trainer.bench.BackendBenchmark;
import dev.tessera.trainer.cli.EvaluateCommand;
import dev.tessera.trainer.cli.ExportCommand;
import dev.tessera.trainer.cli.PlotCommand;
import dev.tessera.trainer.cli.SynthCommand;
import dev.tessera.trainer.cli.TrainCommand;
import dev.tessera.trainer.cli.TuneCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tessera} launcher. Exit codes: 0 success, 1 the job failed (its message says why),
 * 2 bad command line.
 */
@Command(name = "tessera", mixinStandardHelpOptions = true, version = "tessera 0.1.0",
    description = "Segments live microscope acquisitions as they stream: Kafka, overlap tiles, a U-Net in ONNX Runtime.",
    subcommands = {DemoCommand.class, RunCommand.class, IngestCommand.class, BenchCommand.class, BrokerCommand.class,
        UpCommand.class, DownCommand.class, ReplayCommand.class, TracksCommand.class, DeadLettersCommand.class,
        ViewCommand.class, TrainCommand.class, ExportCommand.class, EvaluateCommand.class, TuneCommand.class,
        PlotCommand.class, SynthCommand.class, BackendBenchmark.class})
public final class Tessera {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private Tessera() {}

  /** The command line with every subcommand registered, for tests and for {@link #main}. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Tessera());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("tessera " + cmd.getCommandName() + ": " + describe(e));
      return EXIT_FAILED;
    });
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.toString();
  }
}
