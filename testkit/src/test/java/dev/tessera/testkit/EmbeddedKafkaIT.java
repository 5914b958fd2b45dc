package dev.tessera.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedKafkaIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aThreeBrokerClusterKeepsAcceptingAndServingRecordsWhileOneBrokerIsDown() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokers(3).start()) {
      assertThat(kafka.brokerCount()).isEqualTo(3);
      assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
      kafka.createTopic("replicated", 2, Map.of());
      try (Admin admin = kafka.admin()) {
        assertThat(describe(admin, "replicated").partitions()).allSatisfy(p -> {
          assertThat(p.replicas()).extracting(Node::id).containsExactlyInAnyOrder(0, 1, 2);
          assertThat(p.isr()).hasSize(3);
        });
      }
      produce(kafka, "replicated", "before-", 6);

      kafka.stopBroker(1);

      try (Admin admin = kafka.admin()) {
        // A clean shutdown takes broker 1 out of every ISR, so acks=all no longer waits for it.
        waitUntil("broker 1 leaves every ISR", () -> isrIds(admin, "replicated").stream().noneMatch(ids -> ids.contains(1)));
      }
      produce(kafka, "replicated", "after-", 6);
      assertThat(consumeAll(kafka, "replicated", 12)).containsExactlyInAnyOrder(
          "before-0", "before-1", "before-2", "before-3", "before-4", "before-5",
          "after-0", "after-1", "after-2", "after-3", "after-4", "after-5");

      kafka.startBroker(1);

      try (Admin admin = kafka.admin()) {
        waitUntil("broker 1 rejoins every ISR", () -> isrIds(admin, "replicated").stream().allMatch(ids -> ids.size() == 3));
      }
      produce(kafka, "replicated", "back-", 2);
      assertThat(consumeAll(kafka, "replicated", 14)).hasSize(14).contains("back-0", "back-1");
    }
  }

  @Test
  void aClusterStartedOnADataDirectoryKeepsItsRecordsAcrossARestart(@TempDir Path folder) throws Exception {
    Path data = folder.resolve("kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(data).start()) {
      kafka.createTopic("kept", 1, Map.of());
      produce(kafka, "kept", "frame-", 3);
    }
    assertThat(data.resolve("cluster-id")).isRegularFile();
    String clusterId = Files.readString(data.resolve("cluster-id"));

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(data).start()) {
      assertThat(consumeAll(kafka, "kept", 3)).containsExactly("frame-0", "frame-1", "frame-2");
      try (Admin admin = kafka.admin()) {
        assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
      }
    }
    assertThat(Files.readString(data.resolve("cluster-id"))).isEqualTo(clusterId);
  }

  @Test
  void aBrokerOnAFixedPortServesClientsThereAcrossARestartAndAClashNamesThePort(@TempDir Path folder) throws Exception {
    Path data = folder.resolve("kafka");
    int port = freePort();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(data).port(port).start()) {
      assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
      kafka.createTopic("fixed", 1, Map.of());
      produce(kafka, "fixed", "frame-", 2);
      // Clients that bootstrap from the fixed port are sent back to it, not to the test kit's listener.
      try (Admin admin = kafka.admin()) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::port)
            .containsExactly(port);
      }
      assertThatThrownBy(() -> EmbeddedKafka.builder().port(port).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("localhost:" + port).hasMessageContaining("in use");
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(data).port(port).start()) {
      assertThat(consumeAll(kafka, "fixed", 2)).containsExactly("frame-0", "frame-1");
    }
    assertThatThrownBy(() -> EmbeddedKafka.builder().brokers(3).port(port).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one plaintext broker");
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aMistypedBrokerPropertyFailsTheStartButLeavesTheDataDirectoryIntact(@TempDir Path folder) throws Exception {
    Path data = folder.resolve("kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(data).start()) {
      kafka.createTopic("kept", 1, Map.of());
      produce(kafka, "kept", "frame-", 1);
    }
    Path note = Files.writeString(data.resolve("operator-notes.txt"), "do not delete");

    EmbeddedKafka.Builder mistyped = EmbeddedKafka.builder().dataDirectory(data).brokerProperty("num.network.threads", "lots");

    assertThatThrownBy(mistyped::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot start the embedded Kafka cluster in " + data)
        .hasMessageContaining("Invalid value lots for configuration num.network.threads");
    assertThat(note).hasContent("do not delete");
    assertThat(data.resolve("cluster-id")).isRegularFile();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(data).start()) {
      assertThat(consumeAll(kafka, "kept", 1)).containsExactly("frame-0");
    }
  }

  private static void produce(EmbeddedKafka kafka, String topic, String prefix, int count) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, prefix + i, prefix + i)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("Cannot produce " + prefix + "* to " + topic + ": " + e, e);
    }
  }

  /** Reads {@code topic} from the beginning until {@code expected} values have arrived. */
  private static List<String> consumeAll(EmbeddedKafka kafka, String topic, int expected) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (values.size() < expected && deadline - System.nanoTime() > 0) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      // One more short poll: a duplicate or a stray record would show up here.
      consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
    }
    assertThat(values).as("records of %s", topic).hasSize(expected);
    return values;
  }

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get(WAIT.toSeconds(), TimeUnit.SECONDS).get(topic);
  }

  private static List<List<Integer>> isrIds(Admin admin, String topic) {
    try {
      return describe(admin, topic).partitions().stream()
          .map(p -> p.isr().stream().map(Node::id).toList())
          .toList();
    } catch (Exception e) {
      throw new AssertionError("Cannot describe " + topic + ": " + e, e);
    }
  }

  private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(deadline - System.nanoTime()).as("nanoseconds left until " + what).isPositive();
      Thread.sleep(100);
    }
  }
}
