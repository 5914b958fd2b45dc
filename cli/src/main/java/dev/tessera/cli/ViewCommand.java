package dev.tessera.cli;

import dev.tessera.cli.view.LiveView;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera view}: the live view of a running cluster's acquisitions, until Ctrl-C. */
@Command(name = "view", mixinStandardHelpOptions = true,
    description = "Serve a web page with the latest overlay, frame rate, cell count and dead letters of every"
        + " running acquisition, updated live (server-sent events), from the topics of a running cluster"
        + " (tessera up's by default). The stitcher service serves the same page at /view (port 8082).")
final class ViewCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,...]",
      description = "The cluster (default: ${DEFAULT-VALUE}, where tessera up runs its broker).")
  String bootstrapServers;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "tessera.",
      description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(names = "--port", defaultValue = "8090", paramLabel = "PORT",
      description = "HTTP port of the page (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    KafkaSettings kafka = new KafkaSettings(bootstrapServers, KafkaLimits.defaults(), Map.of());
    try (LiveView view = new LiveView(kafka, Topics.withPrefix(topicPrefix), port)) {
      System.out.println("Tessera live view of " + bootstrapServers + " at http://localhost:" + view.port()
          + "/ ; stop with Ctrl-C.");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return Tessera.EXIT_OK;
  }
}
