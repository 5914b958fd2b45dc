package dev.tessera.tiler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.PixelType;
import dev.tessera.records.Tile;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import dev.tessera.imaging.testing.TestFrames;
import dev.tessera.tiler.topology.TilerTopology;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus service against a real in-JVM broker: ready once its stream runs, tiling frames,
 * counting them in its metrics, and running with the core's exactly-once configuration.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@Tag("integration")
class TilerServiceIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TestHTTPResource("/q/health/ready")
  URL ready;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @Inject
  TilerService service;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void becomesReadyWithKafkaStreamsRunningThenTilesAFrameAndCountsIt() throws Exception {
    HttpResponse<String> health = awaitReady();
    assertThat(health.body()).contains("Tessera tiler stream").contains("\"state\": \"RUNNING\"")
        .contains("qt.frames");
    assertThat(get(metrics).body()).as("the series exist before the first frame")
        .contains("tessera_tiler_frames_total 0.0");

    Topics topics = Topics.withPrefix("qt.");
    String bootstrap = ConfigProvider.getConfig().getValue("tessera.kafka.bootstrap-servers", String.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topics.frames().name(), "acq", "junk".getBytes(StandardCharsets.US_ASCII)));
      producer.send(new ProducerRecord<>(topics.frames().name(), "acq", topics.frames().valueSerde().serializer()
          .serialize(topics.frames().name(), TestFrames.random("acq", 0, 512, 512, PixelType.UINT8, 1))));
    }

    List<String> keys = new ArrayList<>();
    Map<String, Object> props = new HashMap<>(Map.of(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "qt-reader"));
    try (KafkaConsumer<String, Tile> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        topics.tiles().valueSerde().deserializer())) {
      consumer.subscribe(List.of(topics.tiles().name()));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (keys.size() < 4 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Tile> r : consumer.poll(Duration.ofMillis(200))) {
          keys.add(r.key());
        }
      }
    }

    // 512x512 with tiles of at most 572: four tiles of 444.
    assertThat(keys).containsExactlyInAnyOrder("acq/0/0", "acq/0/1", "acq/0/2", "acq/0/3");
    String scraped = get(metrics).body();
    assertThat(scraped).contains("tessera_tiler_frames_total 1.0").contains("tessera_tiler_tiles_total 4.0")
        .contains("tessera_tiler_dead_letters_total{error_type=\"deserialization\"} 1.0")
        .contains("tessera_tiler_dead_letters_total{error_type=\"invalid-frame\"} 0.0");
  }

  @Test
  void runsWithTheCoresExactlyOnceConfigurationAndRecordSizeLimits() {
    StreamsConfig streamsConfig = service.runner().orElseThrow().config();
    KafkaLimits limits = new KafkaLimits(16 << 20, "none");
    Map<String, String> core = new TreeMap<>();
    TilerTopology.streamsProperties(limits).forEach((key, value) -> core.put((String) key, String.valueOf(value)));
    Map<String, String> effective = new TreeMap<>();
    core.keySet().forEach(key -> effective.put(key, String.valueOf(streamsConfig.originals().get(key))));

    // The service's settings are exactly the core's, which the cli local mode uses too.
    assertThat(effective).isEqualTo(core);
    assertThat(streamsConfig.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(streamsConfig.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("tessera-tiler");
    assertThat(streamsConfig.getProducerConfigs("p"))
        .containsEntry("max.request.size", limits.topicMaxMessageBytes())
        .containsEntry("buffer.memory", 2L * limits.maxRecordBytes());
    assertThat(streamsConfig.getMainConsumerConfigs("g", "c", 0))
        .containsEntry("fetch.max.bytes", Math.min(KafkaLimits.FETCH_MAX_BYTES, limits.maxRecordBytes()))
        .containsEntry("max.partition.fetch.bytes", Math.min(KafkaLimits.PARTITION_FETCH_MAX_BYTES, limits.maxRecordBytes()));
  }

  private HttpResponse<String> awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpResponse<String> response = get(ready);
    while (response.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      response = get(ready);
    }
    assertThat(response.statusCode()).as("readiness: %s", response.body()).isEqualTo(200);
    return response;
  }

  private HttpResponse<String> get(URL url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url.toString())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
