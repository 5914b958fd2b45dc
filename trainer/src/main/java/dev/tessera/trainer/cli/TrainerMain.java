package dev.tessera.trainer.cli;

import dev.tessera.trainer.bench.BackendBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer's commands on their own, for running the module without the {@code tessera}
 * launcher (which registers the same command classes as its subcommands).
 */
@Command(name = "tessera-trainer", mixinStandardHelpOptions = true,
    description = "Trains, exports and evaluates Tessera's U-Net; writes synthetic data.",
    subcommands = {TrainCommand.class, ExportCommand.class, EvaluateCommand.class, TuneCommand.class, PlotCommand.class,
        SynthCommand.class,
        BackendBenchmark.class})
public final class TrainerMain implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainerMain()).execute(args));
  }
}
