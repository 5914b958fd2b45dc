package dev.tessera.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.schemas.KafkaLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one configuration vocabulary of Kafka and topics, turned into typed settings with key-named errors. */
class TesseraKafkaTest {

  record Kafka(String bootstrapServers, int maxRecordBytes, String compression, Map<String, String> client,
      Map<String, String> streams) implements KafkaConfig {
    static Kafka of(String servers, Map<String, String> client) {
      return new Kafka(servers, KafkaLimits.DEFAULT_MAX_RECORD_BYTES, "none", client, Map.of());
    }
  }

  record Topics(String prefix, boolean create, short replicationFactor, int minInsyncReplicas)
      implements TopicsConfig {
    Topics(String prefix, boolean create) {
      this(prefix, create, (short) 3, 2);
    }
  }

  @Test
  void passesEveryClientPropertyThroughToEveryClient() {
    TesseraKafka kafka = new TesseraKafka(Kafka.of("b1:9093,b2:9093", Map.of("security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "secret")), new Topics("lab.", true));

    assertThat(kafka.settings().producer()).containsEntry("bootstrap.servers", "b1:9093,b2:9093")
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("max.request.size", KafkaLimits.defaults().topicMaxMessageBytes());
    assertThat(kafka.settings().consumer()).containsEntry("sasl.jaas.config", "secret");
    assertThat(kafka.settings().admin()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(kafka.settings().toString()).doesNotContain("secret").contains("[hidden]");
    assertThat(kafka.topics().frames().name()).isEqualTo("lab.frames");
  }

  @Test
  void namesTheKeyOfABadValue() {
    assertThatThrownBy(() -> new TesseraKafka(new Kafka("b:9092", 1000, "none", Map.of(), Map.of()),
        new Topics("t.", true)))
        .hasMessage("tessera.kafka.max-record-bytes=1000 is too small: use at least 1048576 (1 MiB)");
    assertThatThrownBy(() -> new TesseraKafka(new Kafka("b:9092", KafkaLimits.DEFAULT_MAX_RECORD_BYTES, "brotli",
        Map.of(), Map.of()), new Topics("t.", true)))
        .hasMessage("tessera.kafka.compression=brotli is not one of none, gzip, snappy, lz4, zstd");
    assertThatThrownBy(() -> new TesseraKafka(Kafka.of("b:9092", Map.of()), new Topics("lab 1/", true)))
        .hasMessageStartingWith("tessera.topics.prefix=lab 1/: Topic prefix 'lab 1/' is not legal");
    assertThatThrownBy(() -> new TesseraKafka(Kafka.of(" ", Map.of()), new Topics("t.", true)))
        .hasMessageContaining("tessera.kafka.bootstrap-servers").hasMessageContaining("no bootstrap servers");
  }

  @Test
  void refusesMoreInSyncReplicasThanReplicas() {
    assertThatThrownBy(() -> new TesseraKafka(Kafka.of("b:9092", Map.of()), new Topics("t.", true, (short) 1, 2)))
        .hasMessage("tessera.topics.min-insync-replicas=2 must be between 1 and the replication factor 1");
  }

  @Test
  void refusesAClientPropertyThatWouldBreakTesserasGuarantees() {
    assertThatThrownBy(() -> new TesseraKafka(Kafka.of("b:9092", Map.of("isolation.level", "read_uncommitted")),
        new Topics("t.", true)))
        .hasMessageContaining("tessera.kafka.client")
        .hasMessageContaining("client property isolation.level is set by Tessera itself");
    assertThatThrownBy(() -> new TesseraKafka(Kafka.of("b:9092", Map.of("max.request.size", "1")),
        new Topics("t.", true)))
        .hasMessageContaining("use the record-size limit and compression settings");
  }

  @Test
  void laysTheStreamsOverridesOverTheCoresStreamsProperties() {
    TesseraKafka kafka = new TesseraKafka(new Kafka("b:9092", KafkaLimits.DEFAULT_MAX_RECORD_BYTES, "none", Map.of(),
        Map.of("state.dir", "/data/streams", "commit.interval.ms", "100")), new Topics("t.", true));
    java.util.Properties core = new java.util.Properties();
    core.put("processing.guarantee", "exactly_once_v2");
    core.put("commit.interval.ms", 1000);

    assertThat(kafka.streamsProperties(core)).containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("state.dir", "/data/streams").containsEntry("commit.interval.ms", "100");
  }
}
