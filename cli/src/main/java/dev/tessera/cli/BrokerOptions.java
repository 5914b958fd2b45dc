package dev.tessera.cli;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
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

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties (security.protocol, sasl.mechanism, sasl.jaas.config,"
          + " ssl.truststore.location, ...) applied to every client, as Kafka's own tools read --command-config;"
          + " needs --bootstrap-servers.")
  Path kafkaConfig;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".tessera",
      description = "Folder for the embedded broker's log and the launcher's state (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "tessera.",
      description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  /** The largest request the embedded broker reads: one record of the largest size and its headers. */
  static final int LOCAL_REQUEST_MAX_BYTES = KafkaLimits.DEFAULT_MAX_RECORD_BYTES + 8 * 1024 * 1024;

  /**
   * A running cluster: the given one, or an embedded broker that {@link Kafka#close()} stops.
   *
   * @throws IllegalArgumentException naming the option when {@code --kafka-config} cannot be used
   */
  public Kafka open() {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return new Kafka(settings(bootstrapServers), null);
    }
    if (kafkaConfig != null) {
      throw new IllegalArgumentException("--kafka-config " + kafkaConfig + " needs --bootstrap-servers: the embedded"
          + " broker is plaintext on this machine's loopback");
    }
    EmbeddedKafka broker = localBroker().start();
    return new Kafka(KafkaSettings.plaintext(broker.bootstrapServers()), broker);
  }

  /** The embedded broker of this data folder, not started. */
  EmbeddedKafka.Builder localBroker() {
    // The embedded broker shares the launcher's heap with every stage: its request memory is bounded
    // (Kafka's default is unbounded), so a backlog of large frames makes producers wait instead of
    // running the heap out (tessera bench, 2048x2048 frames in 1 GiB: docs/performance.md).
    return EmbeddedKafka.builder().dataDirectory(dataDir.resolve("kafka"))
        .brokerProperty("socket.request.max.bytes", Integer.toString(LOCAL_REQUEST_MAX_BYTES))
        .brokerProperty("queued.max.request.bytes", Integer.toString(2 * LOCAL_REQUEST_MAX_BYTES));
  }

  private KafkaSettings settings(String servers) {
    Map<String, String> client = Map.of();
    if (kafkaConfig != null) {
      try {
        client = KafkaSettings.readClientProperties(kafkaConfig);
      } catch (IOException e) {
        throw new IllegalArgumentException("--kafka-config " + kafkaConfig + " cannot be read: " + e.getMessage(), e);
      }
    }
    try {
      return new KafkaSettings(servers, KafkaLimits.defaults(), client);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((kafkaConfig == null ? "--bootstrap-servers: " : "--kafka-config "
          + kafkaConfig + ": ") + e.getMessage(), e);
    }
  }

  public String topicPrefix() {
    return topicPrefix;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The cluster the commands talk to. */
  public record Kafka(KafkaSettings settings, EmbeddedKafka embedded) implements AutoCloseable {
    public String bootstrapServers() {
      return settings.bootstrapServers();
    }

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
