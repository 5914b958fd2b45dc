package dev.tessera.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.local.Acquisitions;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.records.Frame;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The images of {@code docker/}, built and run as a user would run them: a Kafka container
 * (KRaft) and the five services built from their Dockerfiles ({@link ImageFromDockerfile}), frames
 * published from the test, masks and their tracks read back, and each service's health and metrics
 * asked over HTTP.
 *
 * <p>Runs only with {@code ./mvnw -B verify -Pcontainers} on a machine with a Docker engine; it is
 * compiled by the normal build and skipped, with the reason, everywhere else. No Docker engine was
 * available where Tessera was developed: this test has not run yet.
 */
@Tag("integration")
class ContainersSmokeIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Map<String, Integer> PORTS = Map.of("ingest", 8080, "tiler", 8081, "stitcher", 8082,
      "inference", 8083, "tracker", 8084);

  @Test
  void theServiceImagesTurnFramesIntoMasksAndTracksOnAKafkaContainerAndAnswerHealthAndMetrics() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("tessera.containers"), "the containers smoke test runs with"
        + " ./mvnw -B verify -Pcontainers on a machine with a Docker engine");
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine found (Testcontainers"
        + " looked for DOCKER_HOST and the usual sockets): the service images cannot be built or run here");
    Topics topics = Topics.defaults();
    try (Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1").withNetwork(network)
            .withListener("kafka:19092")
            .withEnv("KAFKA_MESSAGE_MAX_BYTES", "75563008")
            .withEnv("KAFKA_REPLICA_FETCH_MAX_BYTES", "75563008")) {
      kafka.start();
      Map<String, GenericContainer<?>> services = new HashMap<>();
      try {
        for (String name : List.of("tiler", "inference", "stitcher", "tracker", "ingest")) {
          GenericContainer<?> c = new GenericContainer<>(new ImageFromDockerfile("tessera/" + name + "-smoke", false)
              .withFileFromPath(".", ROOT).withDockerfile(ROOT.resolve("docker/" + name + ".Dockerfile")))
              .withNetwork(network)
              .withEnv("TESSERA_KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
              .withEnv("TESSERA_TOPICS_REPLICATION_FACTOR", "1")
              .withEnv("TESSERA_TOPICS_MIN_INSYNC_REPLICAS", "1")
              .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("models/demo/model.onnx")),
                  "/models/demo/model.onnx")
              .withExposedPorts(PORTS.get(name))
              .waitingFor(Wait.forHttp("/q/health/ready").forPort(PORTS.get(name))
                  .withStartupTimeout(Duration.ofMinutes(5)));
          if (name.equals("tiler")) {
            c.withEnv("TESSERA_TILER_MODEL_PATH", "/models/demo/model.onnx");
          }
          if (name.equals("inference")) {
            c.withEnv("TESSERA_INFERENCE_MODEL_PATH", "/models/demo/model.onnx");
          }
          c.start();
          services.put(name, c);
        }

        List<Frame> frames = Acquisitions.synthetic("containers", 256, 256, 3, 9);
        KafkaSettings client = KafkaSettings.plaintext(kafka.getBootstrapServers());
        try (FramePublisher publisher = FramePublisher.connect(client, topics, Map.of())) {
          for (Frame f : frames) {
            publisher.publish(f, 0);
          }
        }
        assertThat(count(client, topics.masks().name(), frames.size())).as("masks").isEqualTo(frames.size());
        assertThat(count(client, topics.tracks().name(), frames.size())).as("tracks").isEqualTo(frames.size());

        HttpClient http = HttpClient.newHttpClient();
        for (var e : services.entrySet()) {
          String base = "http://" + e.getValue().getHost() + ":" + e.getValue().getMappedPort(PORTS.get(e.getKey()));
          assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/live")).build(),
              HttpResponse.BodyHandlers.ofString()).statusCode()).as("%s liveness", e.getKey()).isEqualTo(200);
          assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
              HttpResponse.BodyHandlers.ofString()).body()).as("%s metrics", e.getKey()).contains("tessera_");
        }
      } finally {
        services.values().forEach(GenericContainer::stop);
      }
    }
  }

  /** How many records {@code topic} holds, read as committed until {@code expected} or three minutes. */
  private static int count(KafkaSettings client, String topic, int expected) {
    Map<String, Object> props = new HashMap<>(client.consumer());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "containers-smoke-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    int n = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (n < expected && System.nanoTime() < deadline) {
        n += consumer.poll(Duration.ofMillis(500)).count();
      }
    }
    return n;
  }
}
