package dev.tessera.cli;

import dev.tessera.testkit.EmbeddedKafka;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the pipeline's Kafka is: an existing cluster ({@code --bootstrap-servers}) or a real
 * KRaft broker started in this JVM with its log under the data folder, so an acquisition can be
 * replayed later.
 */
public final class BrokerOptions {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      description = "Use this Kafka cluster instead of starting an embedded broker.")
  String bootstrapServers;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".tessera",
      description = "Folder for the embedded broker's log and the launcher's state (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "tessera.",
      description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  /** A running cluster: the given one, or an embedded broker that {@link Kafka#close()} stops. */
  public Kafka open() {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return new Kafka(bootstrapServers, null);
    }
    EmbeddedKafka broker = EmbeddedKafka.builder().dataDirectory(dataDir.resolve("kafka")).start();
    return new Kafka(broker.bootstrapServers(), broker);
  }

  public String topicPrefix() {
    return topicPrefix;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The cluster the commands talk to. */
  public record Kafka(String bootstrapServers, EmbeddedKafka embedded) implements AutoCloseable {
    public boolean isEmbedded() {
      return embedded != null;
    }

    @Override
    public void close() {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
