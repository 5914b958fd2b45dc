package dev.tessera.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real KRaft Kafka cluster running in this JVM: one combined broker+controller by default, or
 * several brokers with one controller for fault tests. Brokers listen on loopback ports chosen
 * at start; a single broker can also listen on a fixed loopback port ({@link Builder#port(int)}),
 * as a local cluster's services expect.
 *
 * <p>By default the cluster's logs live in a temporary folder deleted on {@link #close()}. With
 * {@link Builder#dataDirectory(Path)} they live in that folder and survive restarts, so a local
 * acquisition can be replayed: the cluster id is kept beside the logs and the folder is formatted
 * only once.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokers(3).start()) {
 *   kafka.createTopic("frames", 3, Map.of());
 *   kafka.stopBroker(1);
 *   ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** Large enough for a 4096x4096 UINT16 frame or its mask, whatever limit the project configures. */
  public static final int MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

  private static final String CLUSTER_ID_FILE = "cluster-id";

  /**
   * The user of a {@link Builder#saslPlain() SASL/PLAIN} cluster that may do everything (Kafka's
   * test kit makes it the super user; other users have no ACLs).
   */
  public static final String SASL_USER = "plain-admin";

  /** {@link #SASL_USER}'s password. */
  public static final String SASL_PASSWORD = "plain-admin-secret";

  /** The name of the listener on a {@link Builder#port(int) fixed port}. */
  private static final String FIXED_LISTENER = "LOCAL";

  private final KafkaClusterTestKit cluster;
  private final int brokerCount;
  private final boolean sasl;
  private final int fixedPort;

  private EmbeddedKafka(KafkaClusterTestKit cluster, int brokerCount, boolean sasl, int fixedPort) {
    this.cluster = cluster;
    this.brokerCount = brokerCount;
    this.sasl = sasl;
    this.fixedPort = fixedPort;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A started single-broker cluster in a temporary folder. */
  public static EmbeddedKafka startSingleBroker() {
    return builder().start();
  }

  /** Comma-separated {@code host:port} of every broker. */
  public String bootstrapServers() {
    return fixedPort > 0 ? "localhost:" + fixedPort : cluster.bootstrapServers();
  }

  public int brokerCount() {
    return brokerCount;
  }

  /**
   * The client properties that reach this cluster: the bootstrap servers, and on a SASL cluster the
   * security settings of {@link #SASL_USER} ({@link #securityProperties(String, String)}).
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    if (sasl) {
      props.putAll(securityProperties(SASL_USER, SASL_PASSWORD));
    }
    return props;
  }

  /**
   * The client properties of a SASL/PLAIN user, as a lab's {@code --kafka-config} file would hold
   * them: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}.
   */
  public static Map<String, String> securityProperties(String user, String password) {
    return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user + "\" password=\"" + password + "\";");
  }

  /** A new admin client for this cluster; the caller closes it. */
  public Admin admin() {
    return Admin.create(clientProperties());
  }

  /** Creates a topic with replication {@code min(3, brokers)} and waits until it exists. */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    short replication = (short) Math.min(3, brokerCount);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, replication).configs(configs)))
          .all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create topic " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops broker {@code id} (0-based) with a controlled shutdown, keeping its logs for a restart:
   * the controller moves its leaderships away and takes it out of every ISR at once, so
   * {@code acks=all} producers carry on without waiting for a session timeout. (This is a clean
   * stop, not a crash.)
   */
  public void stopBroker(int id) {
    broker(id).shutdown();
    broker(id).awaitShutdown();
  }

  /**
   * Starts broker {@code id} again after {@link #stopBroker(int)} and returns once the controller
   * has registered and unfenced it. The controller accepts the new incarnation only after the old
   * one's heartbeat session has expired ({@code broker.session.timeout.ms}, 9 s by default), so
   * this takes up to that long after the stop.
   */
  public void startBroker(int id) {
    broker(id).startup();
  }

  private kafka.server.BrokerServer broker(int id) {
    kafka.server.BrokerServer broker = cluster.brokers().get(id);
    if (broker == null) {
      throw new IllegalArgumentException("No broker " + id + "; brokers are " + cluster.brokers().keySet());
    }
    return broker;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the embedded Kafka cluster: " + e.getMessage(), e);
    }
  }

  /** Options of an {@link EmbeddedKafka}. */
  public static final class Builder {
    private int brokers = 1;
    private boolean sasl;
    private Path dataDirectory;
    private int port;
    private final Map<String, String> brokerProperties = new HashMap<>();

    private Builder() {}

    /** Number of brokers; 1 (default) runs one combined broker+controller node. */
    public Builder brokers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("brokers must be at least 1, was " + count);
      }
      this.brokers = count;
      return this;
    }

    /**
     * Brokers listen with SASL/PLAIN (clients authenticate as {@link #SASL_USER}); the controller
     * listener stays plaintext. Kafka's test kit writes the broker's JAAS file and points this
     * JVM's {@code java.security.auth.login.config} at it; clients pass {@code sasl.jaas.config}.
     */
    public Builder saslPlain() {
      this.sasl = true;
      return this;
    }

    /** Keeps the cluster's logs in {@code directory} across restarts instead of a temporary folder. */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = directory;
      return this;
    }

    /**
     * The (single, plaintext) broker also listens on {@code localhost:port}, and clients get that
     * address from {@link #bootstrapServers()}; 0 (default) means only the port chosen at start.
     * Kafka's test kit binds its own listeners to free ports before it configures the node, so
     * the fixed port is a listener of its own name beside them.
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets a broker configuration property, overriding the defaults. */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(key, value);
      return this;
    }

    /** Formats (once) and starts the cluster, then waits until every broker is ready. */
    public EmbeddedKafka start() {
      if (port > 0 && (brokers > 1 || sasl)) {
        throw new IllegalArgumentException("a fixed port is for one plaintext broker, not " + brokers + " brokers"
            + (sasl ? " with SASL" : ""));
      }
      if (port > 0) {
        requireFree(port);
      }
      try {
        Optional<String> clusterId = readClusterId();
        if (dataDirectory != null) {
          Files.createDirectories(dataDirectory);
          // KafkaClusterTestKit.Builder.build() deletes its whole base directory when it fails,
          // e.g. on a mistyped broker property. Build the same cluster in a scratch folder first,
          // so such a mistake cannot wipe a data folder that is kept across restarts.
          build(nodes(Optional.empty(), null), true).close();
        }
        TestKitNodes nodes = nodes(clusterId, dataDirectory);
        KafkaClusterTestKit cluster = build(nodes, dataDirectory == null);
        try {
          if (clusterId.isEmpty()) {
            cluster.format();
            writeClusterId(nodes.clusterId());
          }
          cluster.startup();
          cluster.waitForReadyBrokers();
        } catch (Exception | Error e) {
          // Do not leave half-started brokers, their threads and ports behind.
          try {
            cluster.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
        return new EmbeddedKafka(cluster, brokers, sasl, port);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while starting the embedded Kafka cluster", e);
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start the embedded Kafka cluster"
            + (dataDirectory == null ? "" : " in " + dataDirectory) + ": " + e.getMessage(), e);
      }
    }

    private TestKitNodes nodes(Optional<String> clusterId, Path baseDirectory) {
      TestKitNodes.Builder nodes = new TestKitNodes.Builder()
          .setCombined(brokers == 1)
          .setNumBrokerNodes(brokers)
          .setNumControllerNodes(1);
      clusterId.ifPresent(nodes::setClusterId);
      if (sasl) {
        nodes.setBrokerSecurityProtocol(org.apache.kafka.common.security.auth.SecurityProtocol.SASL_PLAINTEXT);
      }
      if (baseDirectory != null) {
        nodes.setBaseDirectory(baseDirectory);
      }
      return nodes.build();
    }

    private KafkaClusterTestKit build(TestKitNodes nodes, boolean deleteOnClose) throws Exception {
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
          .setDeleteOnClose(deleteOnClose);
      defaults().forEach(builder::setConfigProp);
      if (port > 0) {
        // Port 0 on the test kit's own listeners: it binds them to free ports before the node
        // starts, and the node advertises the ports it got.
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        builder.setConfigProp("listeners", broker + "://localhost:0," + controller + "://localhost:0,"
            + FIXED_LISTENER + "://localhost:" + port);
        builder.setConfigProp("listener.security.protocol.map", broker + ":PLAINTEXT," + controller + ":PLAINTEXT,"
            + FIXED_LISTENER + ":PLAINTEXT");
      }
      brokerProperties.forEach(builder::setConfigProp);
      return builder.build();
    }

    /** Says which port is taken before Kafka does (its message names neither port nor listener). */
    private static void requireFree(int port) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start the embedded Kafka broker on localhost:" + port
            + ": the port is in use (another broker?): " + e.getMessage(), e);
      }
    }

    private Map<String, String> defaults() {
      String replication = Integer.toString(Math.min(3, brokers));
      Map<String, String> props = new HashMap<>();
      // With fewer than 3 brokers the internal topics must fit, else initTransactions times out.
      props.put("offsets.topic.replication.factor", replication);
      props.put("offsets.topic.num.partitions", "4");
      props.put("transaction.state.log.replication.factor", replication);
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "4");
      props.put("default.replication.factor", replication);
      props.put("min.insync.replicas", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("auto.create.topics.enable", "false");
      props.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
      props.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
      props.put("socket.request.max.bytes", Integer.toString(2 * MAX_MESSAGE_BYTES));
      if (sasl) {
        // The test kit authorizes with ACLs and makes plain-admin the super user; the controller
        // listener stays plaintext (principal ANONYMOUS), so it must be a super user too or the
        // node cannot register with its own controller.
        props.put("super.users", "User:" + SASL_USER + ";User:ANONYMOUS");
      }
      return props;
    }

    private Optional<String> readClusterId() throws IOException {
      if (dataDirectory == null) {
        return Optional.empty();
      }
      Path file = dataDirectory.resolve(CLUSTER_ID_FILE);
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    }

    private void writeClusterId(String id) throws IOException {
      if (dataDirectory != null) {
        Files.writeString(dataDirectory.resolve(CLUSTER_ID_FILE), id, StandardCharsets.UTF_8);
      }
    }
  }
}
