package dev.tessera.stitcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.DeadLetter;
import dev.tessera.records.Mask;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.TileMaskFixtures;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Quarkus service against a real in-JVM broker: ready once its stream runs, stitching a
 * frame, counting it in its metrics, showing it in the live view at {@code /view}, not ready while
 * it sheds frames and ready again after, and running with the core's exactly-once configuration.
 * Ordered: the view shows the first test's frame, and the shedding test's evictions would change
 * the first test's counts.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StitcherServiceIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TestHTTPResource("/q/health/ready")
  URL ready;

  @TestHTTPResource("/q/health/live")
  URL live;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @TestHTTPResource("/view")
  URL view;

  @TestHTTPResource("/view/state")
  URL viewState;

  @TestHTTPResource("/view/events")
  URL viewEvents;

  @TestHTTPResource("/view/overlay?acquisition=acq")
  URL viewOverlay;

  @Inject
  StitcherService service;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @Order(1)
  void becomesReadyWithKafkaStreamsRunningThenStitchesAFrameAndCountsIt() throws Exception {
    assertThat(await(ready, "\"status\": \"UP\"").body()).contains("Tessera stitcher").contains("qt.tile-masks");
    assertThat(await(live, "RUNNING").body()).contains("Tessera stitcher").contains("framesPublished");

    Topics topics = Topics.withPrefix("qt.");
    UNetGeometry d1 = new UNetGeometry(1);
    List<TileMask> tiles = TileMaskFixtures.tiles("acq", 0, d1, TilePlan.of(d1, 30, 20, 26), 2,
        (c, x, y) -> c == 1 ? (x / 5 % 2 == 0 ? 250 : 10) : (x / 5 % 2 == 0 ? 5 : 245));
    String bootstrap = ConfigProvider.getConfig().getValue("tessera.kafka.bootstrap-servers", String.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topics.tileMasks().name(), "acq/0", "junk".getBytes(StandardCharsets.US_ASCII)));
      for (TileMask tile : tiles) {
        producer.send(new ProducerRecord<>(topics.tileMasks().name(), TileMaskFixtures.key(tile),
            TileMaskFixtures.encode(tile)));
      }
    }

    List<Mask> masks = new ArrayList<>();
    Map<String, Object> props = new HashMap<>(Map.of(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "qt-reader"));
    try (KafkaConsumer<String, Mask> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        topics.masks().valueSerde().deserializer())) {
      consumer.subscribe(List.of(topics.masks().name()));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (masks.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Mask> r : consumer.poll(Duration.ofMillis(200))) {
          masks.add(r.value());
        }
      }
    }

    assertThat(masks).hasSize(1);
    // Cells are the 5-pixel-wide stripes x/5 even: columns 0-4, 10-14, 20-24.
    assertThat(masks.get(0).getInstanceCount()).isEqualTo(3);
    String scraped = get(metrics).body();
    assertThat(scraped).contains("tessera_stitcher_frames_total 1.0")
        .contains("tessera_stitcher_dead_letters_total{error_type=\"deserialization\"} 1.0")
        .contains("tessera_stitcher_dead_letters_total{error_type=\"incomplete-frame\"} 0.0")
        .contains("tessera_stitcher_open_frames 0.0")
        .contains("tessera_stitcher_timeouts_total 0.0");
  }

  @Test
  @Order(2)
  void servesTheLiveViewOfTheStitchedFrameAtViewAndPushesEachChange() throws Exception {
    // The frame of the first test: 30x20, three cells, one dead letter (the undecodable record under acq/0).
    HttpResponse<String> state = await(viewState, "\"cells\": 3,");
    assertThat(state.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(state.body()).startsWith("[{\"acquisition\": \"acq\", \"frame\": 0, \"width\": 30, \"height\": 20,"
        + " \"cells\": 3,").contains("\"deadLetters\": 1,")
        .contains("\"model\": \"" + TileMaskFixtures.MODEL_ID + "\"");

    HttpResponse<String> page = get(view);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<title>Tessera live view</title>")
        .contains("window.TESSERA_STATE = [{\"acquisition\": \"acq\", \"frame\": 0,")
        .contains("new EventSource(root + 'events')");

    // No frame was read (only tile masks were sent): the cells over black. Stripes x/5 even are cells.
    HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(viewOverlay.toString())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(png.body()));
    assertThat(overlay.getWidth()).isEqualTo(30);
    assertThat(overlay.getHeight()).isEqualTo(20);
    assertThat(overlay.getRGB(7, 10) & 0xFFFFFF).as("background between two cells").isZero();
    assertThat(overlay.getRGB(2, 10) & 0xFFFFFF).as("inside the first cell").isNotZero();
    assertThat(get(URI.create(view + "/overlay?acquisition=nope").toURL()).statusCode()).isEqualTo(404);

    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> stream = http.sendAsync(
        HttpRequest.newBuilder(URI.create(viewEvents.toString())).build(), HttpResponse.BodyHandlers.ofLines())
        .get(30, TimeUnit.SECONDS);
    assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    Thread lines = new Thread(() -> stream.body().forEach(events::add), "view-events");
    lines.setDaemon(true);
    lines.start();
    assertThat(events.poll(30, TimeUnit.SECONDS)).as("the stream's opening comment").startsWith(":");

    Topics topics = Topics.withPrefix("qt.");
    DeadLetter letter = DeadLetters.of("tiler", topics.frames().name(), 0, 0, "acq/5", DeadLetterError.DESERIALIZATION,
        "a test's dead letter", null);
    String bootstrap = ConfigProvider.getConfig().getValue("tessera.kafka.bootstrap-servers", String.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topics.deadLetters().name(), "acq/5",
          topics.deadLetters().valueSerde().serializer().serialize(topics.deadLetters().name(), letter)));
    }
    String event = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (event == null && System.nanoTime() < deadline) {
      String line = events.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith("data: ")) {
        event = line;
      }
    }
    assertThat(event).startsWith("data: {\"acquisition\": \"acq\", \"frame\": 0,").contains("\"cells\": 3,")
        .contains("\"deadLetters\": 2,");
  }

  @Test
  @Order(3)
  void goesNotReadyWhileItShedsFramesAndReadyAgainAfterTheSheddingWindow() throws Exception {
    await(ready, "\"status\": \"UP\"");
    Topics topics = Topics.withPrefix("qt.");
    UNetGeometry d1 = new UNetGeometry(1);
    String bootstrap = ConfigProvider.getConfig().getValue("tessera.kafka.bootstrap-servers", String.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
        new ByteArraySerializer())) {
      // The first tile only of 6 frames: over 3 partitions, some task holds 2 open frames, one more
      // than max-open-frames=1, and evicts the older.
      for (int frame = 0; frame < 6; frame++) {
        TileMask first = TileMaskFixtures.tiles("shed", frame, d1, TilePlan.of(d1, 30, 20, 26), 2,
            (c, x, y) -> c == 1 ? 250 : 5).get(0);
        producer.send(new ProducerRecord<>(topics.tileMasks().name(), TileMaskFixtures.key(first),
            TileMaskFixtures.encode(first)));
      }
    }

    HttpResponse<String> shedding = awaitStatus(ready, 503, "shedding");
    assertThat(shedding.body()).contains("frames evicted by max-open-frames in the last PT3S");
    assertThat(get(metrics).body()).containsPattern("tessera_stitcher_evictions_total [1-9]");
    assertThat(get(live).statusCode()).as("shedding is not a failure").isEqualTo(200);

    assertThat(awaitStatus(ready, 200, "\"status\": \"UP\"").body()).contains("lastEviction");
  }

  @Test
  @Order(4)
  void runsWithTheCoresExactlyOnceConfigurationAndRecordSizeLimits() {
    StreamsConfig streamsConfig = service.runner().orElseThrow().config();
    KafkaLimits limits = new KafkaLimits(16 << 20, "none");

    assertThat(streamsConfig.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(streamsConfig.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("tessera-stitcher");
    assertThat(streamsConfig.getProducerConfigs("p"))
        .containsEntry("max.request.size", limits.producerProperties().get("max.request.size"))
        .containsEntry("buffer.memory", limits.producerProperties().get("buffer.memory"))
        .containsEntry("transaction.timeout.ms", 60000);
    assertThat(streamsConfig.getMainConsumerConfigs("g", "c", 0))
        .containsEntry("fetch.max.bytes", Math.min(KafkaLimits.FETCH_MAX_BYTES, limits.maxRecordBytes()))
        .containsEntry("max.partition.fetch.bytes", Math.min(KafkaLimits.PARTITION_FETCH_MAX_BYTES, limits.maxRecordBytes()));
    assertThat(streamsConfig.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX))
        .containsEntry("max.message.bytes", limits.topicMaxMessageBytes());
  }

  /** Polls an endpoint until it answers 200 with {@code expected} in its body. */
  private HttpResponse<String> await(URL url, String expected) throws IOException, InterruptedException {
    return awaitStatus(url, 200, expected);
  }

  /** Polls an endpoint until it answers {@code status} with {@code expected} in its body. */
  private HttpResponse<String> awaitStatus(URL url, int status, String expected)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpResponse<String> response = get(url);
    while ((response.statusCode() != status || !response.body().contains(expected)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      response = get(url);
    }
    assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(status);
    assertThat(response.body()).contains(expected);
    return response;
  }

  private HttpResponse<String> get(URL url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url.toString())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
