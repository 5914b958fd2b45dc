package dev.tessera.cli;

import dev.tessera.cli.cluster.LocalCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera down}: stops what {@code tessera up} started. */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = {"Stop the local cluster of tessera up: SIGTERM to the five services (each first reports not"
        + " ready, then finishes its transaction), then to the broker; a process still running after --grace"
        + " is killed. The broker's log stays in DATA/kafka for the next tessera up."})
final class DownCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".tessera",
      description = "The data folder tessera up was given (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--grace", defaultValue = "30", paramLabel = "SECONDS",
      description = "How long each process may take to stop before it is killed (default: ${DEFAULT-VALUE}).")
  int graceSeconds;

  @Override
  public Integer call() throws InterruptedException {
    LocalCluster cluster = UpCommand.cluster(dataDir, null, LocalCluster.Ports.DEFAULTS, "1g");
    PrintWriter out = spec.commandLine().getOut();
    List<String> stopped = cluster.down(out, Duration.ofSeconds(graceSeconds));
    out.println(stopped.isEmpty() ? "nothing of " + dataDir + " was running" : "stopped " + stopped);
    out.flush();
    return Tessera.EXIT_OK;
  }
}
