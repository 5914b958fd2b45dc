package dev.tessera.tracker.service;

import static dev.tessera.tracker.TrackerFixtures.discs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.Track;
import dev.tessera.records.TrackSummary;
import dev.tessera.schemas.Topics;
import dev.tessera.tracker.TrackerFixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus service against a real in-JVM broker: ready once its stream runs, tracking three
 * frames (a dead letter for a junk record on the way), publishing the quiet acquisition's summary,
 * counting it all in its metrics, with the core's exactly-once configuration.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@Tag("integration")
class TrackerServiceIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Topics TOPICS = Topics.withPrefix("qt.");

  @TestHTTPResource("/q/health/ready")
  URL ready;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @Inject
  TrackerService service;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void tracksFramesPublishesTheSummaryAndCountsThem() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpResponse<String> health = get(ready);
    while (health.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      health = get(ready);
    }
    assertThat(health.body()).contains("Tessera tracker").contains("qt.masks, qt.objects").contains("\"maxGap\": 2");

    String bootstrap = ConfigProvider.getConfig().getValue("tessera.kafka.bootstrap-servers", String.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(TOPICS.masks().name(), "cam", "junk".getBytes(StandardCharsets.US_ASCII)));
      for (int f = 0; f < 3; f++) {
        int[] labels = discs(new int[] {12 + f, 15, 6}, new int[] {45, 15, 5});
        producer.send(new ProducerRecord<>(TOPICS.masks().name(), "cam",
            TrackerFixtures.encode(TOPICS, TrackerFixtures.mask("cam", f, labels))));
        producer.send(new ProducerRecord<>(TOPICS.objects().name(), "cam",
            TrackerFixtures.encode(TOPICS, TrackerFixtures.objects("cam", f, labels))));
      }
    }

    List<Track> tracks = read(bootstrap, TOPICS.tracks().name(), TOPICS.tracks().valueSerde().deserializer(), 3);
    assertThat(tracks).extracting(Track::getFrameIndex).containsExactly(0L, 1L, 2L);
    assertThat(tracks.get(2).getCells()).extracting(c -> c.getLabel() + "->" + c.getTrackId())
        .containsExactly("1->1", "2->2");
    List<TrackSummary> summaries = read(bootstrap, TOPICS.trackSummaries().name(),
        TOPICS.trackSummaries().valueSerde().deserializer(), 1);
    assertThat(summaries.get(0).getTracks()).hasSize(2);

    String scraped = get(metrics).body();
    assertThat(scraped).contains("tessera_tracker_frames_total 3.0")
        .contains("tessera_tracker_tracks_started_total 2.0")
        .contains("tessera_tracker_summaries_total 1.0")
        .contains("tessera_tracker_acquisitions 1.0")
        .contains("tessera_tracker_dead_letters_total{error_type=\"deserialization\"} 1.0")
        .contains("tessera_tracker_dead_letters_total{error_type=\"missing-frames\"} 0.0");

    StreamsConfig config = service.runner().orElseThrow().config();
    assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("tessera-tracker");
  }

  private static <V> List<V> read(String bootstrap, String topic, Deserializer<V> values, int count) {
    Map<String, Object> props = new HashMap<>(Map.of(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "qt-reader-" + topic));
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
    }
    assertThat(out).as(topic).hasSize(count);
    return out;
  }

  private HttpResponse<String> get(URL url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url.toString())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
