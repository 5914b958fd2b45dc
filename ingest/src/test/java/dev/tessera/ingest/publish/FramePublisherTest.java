package dev.tessera.ingest.publish;

import static dev.tessera.imaging.testing.TestImages.bilevel;
import static dev.tessera.imaging.testing.TestImages.grey16;
import static dev.tessera.imaging.testing.TestImages.tiff;
import static dev.tessera.imaging.testing.TestImages.uint16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.imaging.io.ImageStack;
import dev.tessera.imaging.io.UnsupportedImageException;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.IntBinaryOperator;
import java.util.stream.IntStream;
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
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class FramePublisherTest {

  private static final Topics TOPICS = Topics.defaults();
  private static final Instant AT = Instant.parse("2026-03-04T05:06:07.089Z");
  private static final int PARTITIONS = 3;

  private static IntBinaryOperator page(int p) {
    return (x, y) -> p * 1000 + y * 10 + x;
  }

  private static Cluster cluster() {
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> partitions = new ArrayList<>();
    for (String topic : List.of(TOPICS.frames().name(), TOPICS.deadLetters().name())) {
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
      }
    }
    return new Cluster("test", List.of(node), partitions, java.util.Set.of(), java.util.Set.of());
  }

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(cluster(), true, null, new StringSerializer(), new ByteArraySerializer());

  private Frame decode(ProducerRecord<String, byte[]> rec) {
    return TOPICS.frames().valueSerde().deserializer().deserialize(rec.topic(), rec.value());
  }

  @Test
  void publishesEachPageOfAStackAsConsecutiveFramesKeyedByAcquisition() throws Exception {
    FramePublisher publisher = new FramePublisher(producer, TOPICS, KafkaLimits.defaults());
    List<String> progress = new ArrayList<>();
    try (ImageStack stack = ImageStack.open(tiff(grey16(4, 3, page(0)), grey16(4, 3, page(1)), grey16(4, 3, page(2))), "s.tif")) {
      List<PublishedFrame> published = publisher.publishStack("plate-7", 10, stack, AT,
          Map.of(FramePublisher.FILE_ATTRIBUTE, "s.tif"),
          (frame, done, total) -> progress.add(frame.frameIndex() + ":" + done + "/" + total));

      int partition = Utils.toPositive(Utils.murmur2("plate-7".getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
      assertThat(published).extracting(PublishedFrame::frameIndex).containsExactly(10L, 11L, 12L);
      assertThat(published).extracting(PublishedFrame::page).containsExactly(0, 1, 2);
      assertThat(published).extracting(PublishedFrame::partition).containsOnly(partition);
      assertThat(published).extracting(PublishedFrame::offset).containsExactly(0L, 1L, 2L);
      assertThat(progress).containsExactly("10:1/3", "11:2/3", "12:3/3");
      assertThat(producer.history()).hasSize(3);
      for (int p = 0; p < 3; p++) {
        ProducerRecord<String, byte[]> rec = producer.history().get(p);
        assertThat(rec.topic()).isEqualTo("tessera.frames");
        assertThat(rec.key()).isEqualTo("plate-7");
        assertThat(rec.partition()).isEqualTo(partition);
        assertThat(published.get(p).recordBytes()).isEqualTo(rec.value().length);
        Frame frame = decode(rec);
        assertThat(frame.getFrameIndex()).isEqualTo(10 + p);
        assertThat(frame.getPixelType()).isEqualTo(PixelType.UINT16);
        assertThat(frame.getCapturedAt()).isEqualTo(AT);
        assertThat(frame.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
            "source.file", "s.tif", "source.page", Integer.toString(p), "source.pages", "3", "source.format", "tiff"));
        byte[] pixels = new byte[frame.getPixels().remaining()];
        frame.getPixels().duplicate().get(pixels);
        assertThat(pixels).isEqualTo(uint16(4, 3, page(p)));
      }
    }
  }

  @Test
  void publishesOnlyTheSelectedPagesUnderTheirOwnIndices() throws Exception {
    FramePublisher publisher = new FramePublisher(producer, TOPICS, KafkaLimits.defaults());
    try (ImageStack stack = ImageStack.open(tiff(grey16(2, 2, page(0)), grey16(2, 2, page(1)), grey16(2, 2, page(2))), "s")) {
      List<PublishedFrame> published = publisher.publishStack("a", 5, stack, AT, Map.of(), p -> p != 1, PublishProgress.NONE);
      assertThat(published).extracting(PublishedFrame::frameIndex).containsExactly(5L, 7L);
      assertThat(producer.history()).extracting(r -> decode(r).getAttributes().get("source.page")).containsExactly("0", "2");
    }
  }

  @Test
  void refusesAFrameOverTheLimitBeforeSendingAnything() throws Exception {
    // 1 MiB limit, 1024x1024 UINT16 = 2 MiB of pixels.
    FramePublisher publisher = new FramePublisher(producer, TOPICS, new KafkaLimits(1024 * 1024, "none"));
    try (ImageStack stack = ImageStack.open(tiff(grey16(1024, 1024, page(0))), "big.tif")) {
      assertThatThrownBy(() -> publisher.publishStack("a", 0, stack, AT, Map.of(), PublishProgress.NONE))
          .isInstanceOf(FrameTooLargeException.class)
          .hasMessageStartingWith("big.tif page 0 (1024x1024 UINT16, frame 0 of acquisition a) would be a record of")
          .hasMessageContaining("over the limit of 1048064 bytes (max-record-bytes=1048576 less 512 bytes"
              + " of record overhead); nothing of it was published");
    }
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void refusesAStackWhoseLastPageIsTooLargeBeforeSendingItsFirst() throws Exception {
    FramePublisher publisher = new FramePublisher(producer, TOPICS, new KafkaLimits(1024 * 1024, "none"));
    try (ImageStack stack = ImageStack.open(tiff(grey16(8, 8, page(0)), grey16(1024, 600, page(1))), "mixed.tif")) {
      assertThatThrownBy(() -> publisher.publishStack("a", 0, stack, AT, Map.of(), PublishProgress.NONE))
          .isInstanceOf(FrameTooLargeException.class).hasMessageStartingWith("mixed.tif page 1 (1024x600 UINT16");
    }
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void theSizeCheckFromHeadersMatchesTheRealRecordWithinItsMargin() throws Exception {
    FramePublisher publisher = new FramePublisher(producer, TOPICS, KafkaLimits.defaults());
    try (ImageStack stack = ImageStack.open(tiff(grey16(730, 720, page(0))), "s")) {
      publisher.publishStack("a", 0, stack, AT, Map.of(), PublishProgress.NONE);
    }
    int actual = producer.history().get(0).value().length;
    // A limit just under the real size must refuse the frame before sending, from the headers.
    KafkaLimits tight = new KafkaLimits(actual + FramePublisher.RECORD_OVERHEAD_BYTES - 1, "none");
    MockProducer<String, byte[]> other = new MockProducer<>(cluster(), true, null, new StringSerializer(), new ByteArraySerializer());
    try (ImageStack stack = ImageStack.open(tiff(grey16(730, 720, page(0))), "s")) {
      assertThatThrownBy(() -> new FramePublisher(other, TOPICS, tight).checkStack("a", 0, stack, AT, Map.of(), p -> true))
          .isInstanceOf(FrameTooLargeException.class);
    }
    assertThat(other.history()).isEmpty();
  }

  @Test
  void refusesAStackWithAnUnsupportedPageBeforeSendingItsFirst() throws Exception {
    FramePublisher publisher = new FramePublisher(producer, TOPICS, KafkaLimits.defaults());
    try (ImageStack stack = ImageStack.open(tiff(grey16(8, 8, page(0)), bilevel(8, 8)), "mixed.tif")) {
      assertThatThrownBy(() -> publisher.publishStack("a", 0, stack, AT, Map.of(), PublishProgress.NONE))
          .isInstanceOf(UnsupportedImageException.class);
    }
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void refusesAnIllegalAcquisitionId() throws Exception {
    FramePublisher publisher = new FramePublisher(producer, TOPICS, KafkaLimits.defaults());
    try (ImageStack stack = ImageStack.open(tiff(grey16(2, 2, page(0))), "s")) {
      assertThatThrownBy(() -> publisher.publishStack("plate/7", 0, stack, AT, Map.of(), PublishProgress.NONE))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("acquisition id 'plate/7' is not legal");
    }
  }

  @Test
  void listsTheFramesAcknowledgedBeforeABrokerFailure() throws Exception {
    MockProducer<String, byte[]> failingSecond = new MockProducer<>(cluster(), true, null, new StringSerializer(),
        new ByteArraySerializer()) {
      private int sends;

      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        if (sends++ == 1) {
          return CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s): 120000 ms has passed"));
        }
        return super.send(record, callback);
      }
    };
    FramePublisher publisher = new FramePublisher(failingSecond, TOPICS, KafkaLimits.defaults());
    try (ImageStack stack = ImageStack.open(tiff(grey16(2, 2, page(0)), grey16(2, 2, page(1)), grey16(2, 2, page(2))), "s")) {
      assertThatThrownBy(() -> publisher.publishStack("a", 0, stack, AT, Map.of(), PublishProgress.NONE))
          .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.published())
              .extracting(PublishedFrame::frameIndex).containsExactly(0L, 2L))
          .hasMessage("Cannot publish frame 1 of acquisition a to tessera.frames: Expiring 1 record(s): 120000 ms has passed");
    }
  }

  @Test
  void publishesASingleFrameAndRefusesOneOverTheLimit() {
    FramePublisher publisher = new FramePublisher(producer, TOPICS, new KafkaLimits(1024 * 1024, "none"));
    Frame small = frame(16, 16);
    PublishedFrame done = publisher.publish(small, 0);
    assertThat(done.offset()).isZero();
    assertThat(decode(producer.history().get(0))).isEqualTo(small);

    assertThatThrownBy(() -> publisher.publish(frame(1024, 1024), 0)).isInstanceOf(FrameTooLargeException.class)
        .hasMessageStartingWith("frame 3 of acquisition a (1024x1024 UINT8) would be a record of");
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void publishesADeadLetterKeyedByTheAcquisition() {
    FramePublisher publisher = new FramePublisher(producer, TOPICS, KafkaLimits.defaults());
    DeadLetter letter = DeadLetters.of("ingest", null, -1, -1, "a", DeadLetterError.UNREADABLE_IMAGE,
        "x.tif: truncated", new byte[] {1, 2});
    publisher.publishDeadLetter(letter);
    ProducerRecord<String, byte[]> rec = producer.history().get(0);
    assertThat(rec.topic()).isEqualTo("tessera.dead-letters");
    assertThat(rec.key()).isEqualTo("a");
    assertThat(TOPICS.deadLetters().valueSerde().deserializer().deserialize(rec.topic(), rec.value())).isEqualTo(letter);
  }

  private static Frame frame(int w, int h) {
    byte[] pixels = new byte[w * h];
    IntStream.range(0, pixels.length).forEach(i -> pixels[i] = (byte) i);
    return Frame.newBuilder().setAcquisitionId("a").setFrameIndex(3).setWidth(w).setHeight(h)
        .setPixelType(PixelType.UINT8).setPixels(ByteBuffer.wrap(pixels)).setCapturedAt(AT).build();
  }
}
