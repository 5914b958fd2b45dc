package dev.tessera.cli;

import dev.tessera.cli.cluster.LocalCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera up}: the local cluster of {@link LocalCluster}, started and waited for. */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start Tessera on this machine without Docker: a Kafka broker (KRaft) on localhost:9092 and the"
        + " five services as separate JVMs on their own ports (ingest 8080, tiler 8081, stitcher 8082, inference"
        + " 8083, tracker 8084), each in the background with its log in DATA/logs. Waits until every service is"
        + " ready, then prints their addresses. tessera down stops them."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:every member ready", "1:a member failed to start (its log's end is printed) or is already up",
        "2:invalid options"})
final class UpCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".tessera",
      description = "Broker log, process ids and logs (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--model", paramLabel = "FILE", description = "Model of the tiler, the inference worker and the"
      + " stitcher (default: models/demo/model.onnx of the installation).")
  Path model;

  @Option(names = "--broker-port", defaultValue = "9092", paramLabel = "PORT", description = "default: ${DEFAULT-VALUE}")
  int brokerPort;

  @Option(names = "--ingest-port", defaultValue = "8080", paramLabel = "PORT", description = "default: ${DEFAULT-VALUE}")
  int ingestPort;

  @Option(names = "--tiler-port", defaultValue = "8081", paramLabel = "PORT", description = "default: ${DEFAULT-VALUE}")
  int tilerPort;

  @Option(names = "--stitcher-port", defaultValue = "8082", paramLabel = "PORT",
      description = "default: ${DEFAULT-VALUE}")
  int stitcherPort;

  @Option(names = "--inference-port", defaultValue = "8083", paramLabel = "PORT",
      description = "default: ${DEFAULT-VALUE}")
  int inferencePort;

  @Option(names = "--tracker-port", defaultValue = "8084", paramLabel = "PORT",
      description = "default: ${DEFAULT-VALUE}")
  int trackerPort;

  @Option(names = "--heap", defaultValue = "1g", paramLabel = "SIZE",
      description = "-Xmx of each of the six JVMs (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--timeout", defaultValue = "180", paramLabel = "SECONDS",
      description = "How long to wait for every member to be ready (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    LocalCluster cluster = cluster(dataDir, model, new LocalCluster.Ports(brokerPort, ingestPort, tilerPort,
        stitcherPort, inferencePort, trackerPort), heap);
    PrintWriter out = spec.commandLine().getOut();
    cluster.up(out, Duration.ofSeconds(timeoutSeconds));
    return Tessera.EXIT_OK;
  }

  /** The cluster of a data folder (ports and heap matter to {@code up} only). */
  static LocalCluster cluster(Path dataDir, Path model, LocalCluster.Ports ports, String heap) {
    Path home = PipelineOptions.home();
    return new LocalCluster(home, dataDir, ports,
        model != null ? model : home.resolve("models").resolve("demo").resolve("model.onnx"), heap);
  }
}
