package dev.tessera.ingest.upload;

import static dev.tessera.imaging.testing.TestImages.bilevel;
import static dev.tessera.imaging.testing.TestImages.grey16;
import static dev.tessera.imaging.testing.TestImages.grey8;
import static dev.tessera.imaging.testing.TestImages.png;
import static dev.tessera.imaging.testing.TestImages.tiff;
import static dev.tessera.imaging.testing.TestImages.uint16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.imaging.testing.TestImages;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint's logic without HTTP or a broker: statuses, reasons, frame indices. */
class UploadHandlerTest {

  private static final Topics TOPICS = Topics.defaults();
  private static final Instant NOW = Instant.parse("2026-02-03T04:05:06.007Z");

  private static Cluster cluster() {
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> partitions = List.of(
        new PartitionInfo(TOPICS.frames().name(), 0, node, new Node[] {node}, new Node[] {node}),
        new PartitionInfo(TOPICS.frames().name(), 1, node, new Node[] {node}, new Node[] {node}));
    return new Cluster("test", List.of(node), partitions, java.util.Set.of(), java.util.Set.of());
  }

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(cluster(), true, null, new StringSerializer(), new ByteArraySerializer());
  private final UploadHandler handler = handler(producer, KafkaLimits.defaults(), 10 * 1024 * 1024);

  private static UploadHandler handler(MockProducer<String, byte[]> producer, KafkaLimits limits, long maxBody) {
    return new UploadHandler(new FramePublisher(producer, TOPICS, limits), maxBody, Clock.fixed(NOW, ZoneOffset.UTC),
        UploadHandler.FrameIndexSeed.ZERO);
  }

  private static UploadRequest request(String acq, String contentType, byte[] body, String... headers) {
    Map<String, String> map = new java.util.HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return new UploadRequest(acq, contentType, map, body);
  }

  private List<Frame> sent() {
    return producer.history().stream()
        .map(r -> TOPICS.frames().valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
  }

  private static void assertRejected(ThrowingCallable call, int status, String reasonStart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(UploadRejectedException.class,
        e -> assertThat(e.status()).isEqualTo(status)).hasMessageStartingWith(reasonStart);
  }

  @Test
  void acceptsATiffStackAsConsecutiveFramesAndCountsOnAcrossUploads() {
    byte[] stack = tiff(grey16(4, 3, (x, y) -> x), grey16(4, 3, (x, y) -> y), grey16(4, 3, (x, y) -> x + y));
    UploadResult first = handler.accept(request("a1", "image/tiff", stack));
    UploadResult second = handler.accept(request("a1", "image/png; charset=binary", png(grey8(2, 2, (x, y) -> 7))));

    assertThat(first.acquisitionId()).isEqualTo("a1");
    assertThat(first.topic()).isEqualTo("tessera.frames");
    assertThat(first.frames()).extracting(UploadResult.FrameCoordinates::frameIndex).containsExactly(0L, 1L, 2L);
    assertThat(first.frames()).extracting(UploadResult.FrameCoordinates::page).containsExactly(0, 1, 2);
    assertThat(first.frames()).extracting(UploadResult.FrameCoordinates::offset).containsExactly(0L, 1L, 2L);
    assertThat(second.frames()).extracting(UploadResult.FrameCoordinates::frameIndex).containsExactly(3L);
    assertThat(sent()).extracting(f -> f.getAttributes().get("source.upload")).containsOnly("http");
    assertThat(sent()).extracting(Frame::getCapturedAt).containsOnly(NOW);
  }

  @Test
  void takesAGivenFrameIndexAndCountsOnFromIt() {
    byte[] image = png(grey8(2, 2, (x, y) -> 1));
    assertThat(handler.accept(request("a", "image/png", image, "X-Frame-Index", "10")).frames().get(0).frameIndex()).isEqualTo(10);
    assertThat(handler.accept(request("a", "image/png", image)).frames().get(0).frameIndex()).isEqualTo(11);
    assertThat(handler.accept(request("other", "image/png", image)).frames().get(0).frameIndex()).isZero();
    // An index below the counter is the client's choice (a re-send); the counter does not go back.
    assertThat(handler.accept(request("a", "image/png", image, "x-frame-index", "4")).frames().get(0).frameIndex()).isEqualTo(4);
    assertThat(handler.accept(request("a", "image/png", image)).frames().get(0).frameIndex()).isEqualTo(12);
  }

  @Test
  void acceptsRawLittleEndianPixelsDescribedByHeaders() {
    byte[] pixels = uint16(3, 2, (x, y) -> 60000 + x + 10 * y);
    UploadResult result = handler.accept(request("raw-1", "application/octet-stream", pixels,
        "X-Width", "3", "X-Height", "2", "X-Pixel-Type", "UInt16", "X-Captured-At", "2026-01-01T00:00:00.5Z",
        "X-Pixel-Size-Microns", "0.325", "X-File-Name", "cam0-17.raw"));

    assertThat(result.frames()).hasSize(1);
    Frame frame = sent().get(0);
    assertThat(frame.getWidth()).isEqualTo(3);
    assertThat(frame.getHeight()).isEqualTo(2);
    assertThat(frame.getPixelType()).isEqualTo(PixelType.UINT16);
    assertThat(frame.getPixels()).isEqualTo(ByteBuffer.wrap(pixels));
    assertThat(frame.getCapturedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.5Z"));
    assertThat(frame.getPixelSizeMicrons()).isEqualTo(0.325);
    assertThat(frame.getAttributes()).containsEntry("source.format", "raw").containsEntry("source.file", "cam0-17.raw");
  }

  @Test
  void refusesRawPixelsWhoseCountDoesNotMatchTheHeaders() {
    assertRejected(() -> handler.accept(request("a", "application/octet-stream", new byte[31],
        "X-Width", "4", "X-Height", "4", "X-Pixel-Type", "uint16")), 400, "4x4 UINT16 needs 32 bytes of pixels, got 31");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void refusesRawPixelsWithMissingOrBadHeadersNamingTheHeader() {
    assertRejected(() -> handler.accept(request("a", "application/octet-stream", new byte[4], "X-Height", "2",
        "X-Pixel-Type", "uint8")), 400, "raw pixels (application/octet-stream) need the header X-Width");
    assertRejected(() -> handler.accept(request("a", "application/octet-stream", new byte[4], "X-Width", "2",
        "X-Height", "-2", "X-Pixel-Type", "uint8")), 400, "X-Height '-2' is not a positive whole number");
    assertRejected(() -> handler.accept(request("a", "application/octet-stream", new byte[4], "X-Width", "2",
        "X-Height", "2", "X-Pixel-Type", "int12")), 400, "X-Pixel-Type 'int12' is not one of uint8, uint16, float32");
    assertRejected(() -> handler.accept(request("a", "image/png", png(grey8(1, 1, (x, y) -> 0)), "X-Frame-Index", "two")),
        400, "X-Frame-Index 'two' is not a whole number");
    assertRejected(() -> handler.accept(request("a", "image/png", png(grey8(1, 1, (x, y) -> 0)), "X-Captured-At", "today")),
        400, "X-Captured-At 'today' is not an ISO-8601 instant");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void refusesNonFiniteFloatPixels() {
    byte[] pixels = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(Float.NaN).array();
    assertRejected(() -> handler.accept(request("a", "application/octet-stream", pixels, "X-Width", "2", "X-Height", "1",
        "X-Pixel-Type", "float32")), 400, "FLOAT32 pixel 1 (x=1, y=0) is not finite");
  }

  @Test
  void refusesContentTypesItDoesNotTakeWith415() {
    assertRejected(() -> handler.accept(request("a", "text/plain", new byte[] {1})), 415,
        "Content-Type text/plain is not supported; send image/tiff, image/png, or application/octet-stream");
    assertRejected(() -> handler.accept(request("a", null, new byte[] {1})), 415, "the request has no Content-Type");
  }

  @Test
  void refusesImagesItDoesNotTakeWith415() {
    byte[] jpeg = TestImages.jpeg(TestImages.rgb8(1, 1, new int[][] {{1, 2, 3}}));
    assertRejected(() -> handler.accept(request("a", "image/png", jpeg)), 415, "upload to acquisition a: JPEG is not supported");
    assertRejected(() -> handler.accept(request("a", "image/tiff", tiff(bilevel(8, 8)))), 415,
        "upload to acquisition a: 1-bit (bilevel) images are not supported");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void refusesABodyThatIsNotWhatItsContentTypeSays() {
    assertRejected(() -> handler.accept(request("a", "image/png", tiff(grey8(2, 2, (x, y) -> 0)))), 400,
        "Content-Type is image/png but the body is a TIFF");
  }

  @Test
  void refusesACorruptImageWith400() {
    byte[] full = tiff(grey16(64, 64, (x, y) -> x));
    assertRejected(() -> handler.accept(request("a", "image/tiff", Arrays.copyOf(full, full.length / 2))), 400,
        "upload to acquisition a: ");
    assertRejected(() -> handler.accept(request("a", "image/tiff", new byte[0])), 400, "the body is empty");
  }

  /**
   * The silent loss of the operator report: a 3-page stack whose 2nd page is cut short answered 400
   * with page 0 already on the frames topic and the numbering not moved, so the next upload reused
   * index 0. Now nothing is published and the next upload starts at 0 cleanly.
   */
  @Test
  void aStackWithAPageCutShortPublishesNothingAndTheNextUploadIsNumberedAsIfItHadNotHappened() {
    byte[] stack = tiff(grey16(64, 64, (x, y) -> x), grey16(64, 64, (x, y) -> y), grey16(64, 64, (x, y) -> x + y));
    byte[] cut = Arrays.copyOf(stack, stack.length * 5 / 10);

    assertRejected(() -> handler.accept(request("cut", "image/tiff", cut)), 400, "upload to acquisition cut: ");
    assertThat(producer.history()).isEmpty();

    UploadResult next = handler.accept(request("cut", "image/png", png(grey8(2, 2, (x, y) -> 7))));
    assertThat(next.frames()).extracting(UploadResult.FrameCoordinates::frameIndex).containsExactly(0L);
    assertThat(sent()).hasSize(1);
  }

  @Test
  void refusesAnIllegalAcquisitionIdWith400() {
    assertRejected(() -> handler.accept(request("a b", "image/png", png(grey8(1, 1, (x, y) -> 0)))), 400,
        "acquisition id 'a b' is not legal");
  }

  @Test
  void refusesABodyOverTheLimitWith413() {
    UploadHandler small = handler(producer, KafkaLimits.defaults(), 100);
    assertRejected(() -> small.accept(request("a", "application/octet-stream", new byte[101], "X-Width", "101",
        "X-Height", "1", "X-Pixel-Type", "uint8")), 413,
        "the body has 101 bytes, over the limit of 100 bytes (tessera.ingest.max-body-bytes)");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void refusesAFrameOverTheRecordLimitWith413AndDoesNotCountIt() {
    UploadHandler tight = handler(producer, new KafkaLimits(1024 * 1024, "none"), 10 * 1024 * 1024);
    byte[] big = new byte[1024 * 1024];
    assertRejected(() -> tight.accept(request("a", "application/octet-stream", big, "X-Width", "1024", "X-Height", "1024",
        "X-Pixel-Type", "uint8")), 413, "frame 0 of acquisition a (1024x1024 UINT8) would be a record of");
    assertThat(tight.accept(request("a", "image/png", png(grey8(1, 1, (x, y) -> 0)))).frames().get(0).frameIndex()).isZero();
  }

  @Test
  void answers503WhenTheBrokerDoesNotAcknowledge() {
    MockProducer<String, byte[]> down = new MockProducer<>(cluster(), true, null, new StringSerializer(),
        new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        return CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s)"));
      }
    };
    UploadHandler failing = handler(down, KafkaLimits.defaults(), 1024);
    assertRejected(() -> failing.accept(request("a", "image/png", png(grey8(1, 1, (x, y) -> 0)))), 503,
        "Cannot publish frame 0 of acquisition a to tessera.frames: Expiring 1 record(s)");
  }

  @Test
  void readsABodyUpToItsLimitAndRefusesOneByteMore() throws Exception {
    assertThat(UploadHandler.readBody(new java.io.ByteArrayInputStream(new byte[10]), 10)).hasSize(10);
    assertThatThrownBy(() -> UploadHandler.readBody(new java.io.ByteArrayInputStream(new byte[11]), 10))
        .isInstanceOf(UploadRejectedException.class)
        .hasMessage("the body grew over the limit of 10 bytes (tessera.ingest.max-body-bytes) while it was read");
  }
}
