package dev.tessera.ingest.service;

import static dev.tessera.imaging.testing.TestImages.grey16;
import static dev.tessera.imaging.testing.TestImages.tiff;
import static dev.tessera.imaging.testing.TestImages.uint16;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.testing.TestImages;
import dev.tessera.ingest.TopicReader;
import dev.tessera.records.Frame;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The service as deployed, on a real in-JVM broker: HTTP statuses and reasons, health, metrics, watcher. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@Tag("integration")
class FramesResourceIT {

  private static final Topics TOPICS = Topics.defaults();

  @TestHTTPResource("/")
  URI base;

  EmbeddedKafka kafka;
  Path folder;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String acquisition, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/acquisitions/" + acquisition + "/frames"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<Frame> frames(String acquisition) {
    return TopicReader.readAll(kafka.bootstrapServers(), TOPICS.frames().name(), TOPICS.frames().valueSerde().deserializer())
        .stream().map(ConsumerRecord::value).filter(f -> f.getAcquisitionId().equals(acquisition)).toList();
  }

  @Test
  void acceptsATiffStackWith202AndTheCoordinatesOfEachFrame() throws Exception {
    byte[] stack = tiff(grey16(5, 4, (x, y) -> 1000 + x), grey16(5, 4, (x, y) -> 2000 + y));
    HttpResponse<String> response = post("stack-1", "image/tiff", stack);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    List<Frame> frames = frames("stack-1");
    assertThat(frames).extracting(Frame::getFrameIndex).containsExactly(0L, 1L);
    assertThat(response.body()).startsWith("{\"acquisitionId\":\"stack-1\",\"topic\":\"tessera.frames\",\"frames\":[{\"frameIndex\":0,\"page\":0,\"partition\":")
        .contains("{\"frameIndex\":1,\"page\":1,\"partition\":");
    ByteBuffer pixels = frames.get(1).getPixels();
    byte[] bytes = new byte[pixels.remaining()];
    pixels.duplicate().get(bytes);
    assertThat(bytes).isEqualTo(uint16(5, 4, (x, y) -> 2000 + y));
  }

  @Test
  void acceptsRawPixelsAtAGivenFrameIndex() throws Exception {
    byte[] pixels = uint16(3, 3, (x, y) -> x * y);
    HttpResponse<String> response = post("raw-1", "application/octet-stream", pixels,
        "X-Width", "3", "X-Height", "3", "X-Pixel-Type", "uint16", "X-Frame-Index", "41");
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("\"frameIndex\":41");
    assertThat(frames("raw-1")).extracting(Frame::getFrameIndex).containsExactly(41L);
  }

  @Test
  void answers400WithAReasonForRawPixelsThatDoNotMatchTheirHeaders() throws Exception {
    HttpResponse<String> response = post("bad-1", "application/octet-stream", new byte[10],
        "X-Width", "3", "X-Height", "3", "X-Pixel-Type", "uint8");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"status\":400,\"error\":\"Bad Request\",\"reason\":\"3x3 UINT8 needs 9 bytes of"
        + " pixels, got 10\"}");
  }

  @Test
  void answers415WithAReasonForAnUnsupportedTypeOrImage() throws Exception {
    HttpResponse<String> text = post("bad-2", "text/plain", "hello".getBytes());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.body()).contains("\"reason\":\"Content-Type text/plain is not supported");

    byte[] jpeg = TestImages.jpeg(TestImages.rgb8(2, 2, new int[][] {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}, {1, 2, 3}}));
    HttpResponse<String> photo = post("bad-2", "image/png", jpeg);
    assertThat(photo.statusCode()).isEqualTo(415);
    assertThat(photo.body()).contains("JPEG is not supported");
    assertThat(frames("bad-2")).isEmpty();
  }

  @Test
  void answers413WithAReasonForABodyOverTheLimit() throws Exception {
    HttpResponse<String> response = post("big-1", "application/octet-stream", new byte[EmbeddedKafkaResource.MAX_BODY_BYTES + 1],
        "X-Width", "1", "X-Height", Integer.toString(EmbeddedKafkaResource.MAX_BODY_BYTES + 1), "X-Pixel-Type", "uint8");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"reason\":\"the body has 1048577 bytes, over the limit of 1048576 bytes"
        + " (tessera.ingest.max-body-bytes)\"");
    assertThat(frames("big-1")).isEmpty();
  }

  @Test
  void answers413WithAReasonAndCountsItForAChunkedBodyOverTheLimit() throws Exception {
    byte[] body = new byte[EmbeddedKafkaResource.MAX_BODY_BYTES + 65536];
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/acquisitions/big-2/frames"))
        .header("Content-Type", "application/octet-stream").header("X-Width", "1")
        .header("X-Height", Integer.toString(body.length)).header("X-Pixel-Type", "uint8")
        // a stream of unknown length goes out chunked: no Content-Length to refuse it by
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"reason\":\"the body grew over the limit of 1048576 bytes"
        + " (tessera.ingest.max-body-bytes) while it was read\"");
    assertThat(get("/q/metrics").body())
        .containsPattern("tessera_ingest_rejects_total\\{reason=\"too-large\",source=\"http\"\\} [1-9]");
    assertThat(frames("big-2")).isEmpty();
  }

  @Test
  void isReadyAndCountsWhatItPublishesAndRejects() throws Exception {
    post("metrics-1", "image/png", TestImages.png(TestImages.grey8(2, 2, (x, y) -> 1)));
    post("metrics-1", "text/plain", new byte[] {1});

    HttpResponse<String> ready = get("/q/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\": \"UP\"").contains("tessera.frames");
    String metrics = get("/q/metrics").body();
    assertThat(metrics).containsPattern("tessera_ingest_frames_total\\{source=\"http\"\\} [1-9]");
    assertThat(metrics).containsPattern("tessera_ingest_rejects_total\\{reason=\"unsupported\",source=\"http\"\\} [1-9]");
    assertThat(metrics).as("registered at start, though no upload here is answered 503")
        .contains("tessera_ingest_rejects_total{reason=\"unavailable\",source=\"http\"} 0.0");
  }

  @Test
  void theConfiguredFolderWatcherPublishesAFileDroppedIntoItsFolder() throws Exception {
    Path temporary = folder.resolve("w1.tif.part");
    Files.write(temporary, tiff(grey16(2, 2, (x, y) -> 7)));
    Files.move(temporary, folder.resolve("w1.tif"));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (frames("watched").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(frames("watched")).extracting(f -> f.getAttributes().get("source.file")).containsExactly("w1.tif");
    assertThat(get("/q/health/live").body()).contains("\"watch-published-files\": 1");
  }
}
