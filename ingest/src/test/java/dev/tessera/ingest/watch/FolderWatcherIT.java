package dev.tessera.ingest.watch;

import static dev.tessera.imaging.testing.TestImages.grey16;
import static dev.tessera.imaging.testing.TestImages.grey8;
import static dev.tessera.imaging.testing.TestImages.tiff;
import static dev.tessera.imaging.testing.TestImages.uint16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.ingest.MutableClock;
import dev.tessera.ingest.TopicReader;
import dev.tessera.ingest.publish.FrameLog;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.ingest.publish.PublishProgress;
import dev.tessera.imaging.io.ImageStack;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntBinaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class FolderWatcherIT {

  private static final Duration STABLE = Duration.ofSeconds(2);
  private static EmbeddedKafka kafka;

  @TempDir
  Path folder;

  private Topics topics;
  private FramePublisher publisher;
  private FrameLog log;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeAll
  static void startKafka() {
    dev.tessera.ingest.QuietKafka.apply();
    kafka = EmbeddedKafka.startSingleBroker();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @BeforeEach
  void createTopics(TestInfo test) {
    // Topics of their own per test, so counts are exact.
    topics = Topics.withPrefix("t" + Math.abs(test.getDisplayName().hashCode()) + ".");
    try (Admin admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, TopicSettings.defaults(topics), KafkaLimits.defaults());
    }
    publisher = FramePublisher.connect(KafkaSettings.plaintext(kafka.bootstrapServers()), topics, Map.of());
    log = FrameLog.connect(KafkaSettings.plaintext(kafka.bootstrapServers()), topics);
  }

  @AfterEach
  void close() {
    publisher.close();
    log.close();
  }

  /**
   * The loss path of HTTP uploads without X-Frame-Index: a restarted ingest counted from 0 again,
   * and the stitcher dropped the new frame as a duplicate of the old one. The numbering now starts
   * one past what the frames topic holds for the acquisition.
   */
  @Test
  void aRestartedIngestNumbersAnAcquisitionsNextUploadAfterWhatTheFramesTopicHolds() throws Exception {
    for (int i = 0; i < 5; i++) {
      publisher.publish(dev.tessera.imaging.io.ImagePage.raw(4, 4, dev.tessera.records.PixelType.UINT8,
          new byte[16], null).toFrame("restart", i, clock.instant(), Map.of()), 0);
      publisher.publish(dev.tessera.imaging.io.ImagePage.raw(4, 4, dev.tessera.records.PixelType.UINT8,
          new byte[16], null).toFrame("other-" + i, 100 + i, clock.instant(), Map.of()), 0);
    }
    assertThat(log.nextFrameIndex("restart")).isEqualTo(5);
    assertThat(log.nextFrameIndex("never-seen")).isZero();

    dev.tessera.ingest.upload.UploadHandler restarted = new dev.tessera.ingest.upload.UploadHandler(publisher,
        1 << 20, clock, log::nextFrameIndex);
    dev.tessera.ingest.upload.UploadResult r = restarted.accept(new dev.tessera.ingest.upload.UploadRequest("restart",
        "application/octet-stream", Map.of("X-Width", "4", "X-Height", "4", "X-Pixel-Type", "UINT8"),
        new byte[16]));
    assertThat(r.frames()).extracting(f -> f.frameIndex()).containsExactly(5L);
  }

  private static IntBinaryOperator page(int p) {
    return (x, y) -> 40000 + p * 1000 + y * 10 + x;
  }

  private WatchSettings settings() {
    return WatchSettings.of(folder).withAcquisitionId("plate-7").withStableInterval(STABLE);
  }

  private FolderWatcher watcher(WatchSettings settings, Clock clock) throws IOException {
    return new FolderWatcher(settings, publisher, log, clock, WatchListener.NONE);
  }

  private List<Frame> frames() {
    return TopicReader.readAll(kafka.bootstrapServers(), topics.frames().name(), topics.frames().valueSerde().deserializer())
        .stream().map(ConsumerRecord::value).toList();
  }

  private List<ConsumerRecord<String, DeadLetter>> deadLetters() {
    return TopicReader.readAll(kafka.bootstrapServers(), topics.deadLetters().name(),
        topics.deadLetters().valueSerde().deserializer());
  }

  private static String file(Frame f) {
    return f.getAttributes().get("source.file") + "#" + f.getAttributes().get("source.page");
  }

  private static byte[] pixels(Frame f) {
    ByteBuffer b = f.getPixels().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void publishesACompleteFileOnceAndAGrowingFileOnlyWhenItStopsGrowing() throws IOException {
    Files.write(folder.resolve("a.tif"), tiff(grey16(6, 5, page(0)), grey16(6, 5, page(1))));
    byte[] b = tiff(grey16(6, 5, page(2)));
    Path bFile = folder.resolve("b.tif");
    Files.write(bFile, Arrays.copyOf(b, 40));

    try (FolderWatcher watcher = watcher(settings(), clock)) {
      assertThat(watcher.scan().published()).isEmpty(); // first sight of both
      clock.advance(Duration.ofSeconds(3));
      Files.write(bFile, Arrays.copyOfRange(b, 40, 120), StandardOpenOption.APPEND); // b still growing
      FolderWatcher.ScanReport second = watcher.scan();
      assertThat(second.published()).containsExactly("a.tif");
      assertThat(second.pending()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(3));
      Files.write(bFile, Arrays.copyOfRange(b, 120, b.length), StandardOpenOption.APPEND); // b complete now
      assertThat(watcher.scan().published()).isEmpty();
      clock.advance(Duration.ofSeconds(3));
      assertThat(watcher.scan().published()).containsExactly("b.tif");
      assertThat(watcher.nextFrameIndex()).isEqualTo(3);
    }

    List<Frame> frames = frames();
    assertThat(frames).extracting(Frame::getFrameIndex).containsExactly(0L, 1L, 2L);
    assertThat(frames).extracting(FolderWatcherIT::file).containsExactly("a.tif#0", "a.tif#1", "b.tif#0");
    assertThat(frames).extracting(Frame::getAcquisitionId).containsOnly("plate-7");
    assertThat(pixels(frames.get(1))).isEqualTo(uint16(6, 5, page(1)));
    assertThat(pixels(frames.get(2))).isEqualTo(uint16(6, 5, page(2)));
    assertThat(frames.get(2).getCapturedAt()).isEqualTo(Files.getLastModifiedTime(bFile).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void publishesAFileRenamedIntoPlaceAtTheNextScanWithoutWaiting() throws IOException {
    Path temporary = folder.resolve("c.tif.part");
    Files.write(temporary, tiff(grey16(4, 4, page(0))));
    try (FolderWatcher watcher = watcher(settings(), clock)) {
      assertThat(watcher.scan().published()).isEmpty();
      Files.move(temporary, folder.resolve("c.tif"), StandardCopyOption.ATOMIC_MOVE);
      assertThat(watcher.scan().published()).containsExactly("c.tif"); // same instant: no stable wait
    }
    assertThat(frames()).extracting(FolderWatcherIT::file).containsExactly("c.tif#0");
  }

  @Test
  void aRestartWithTheSameStateFilePublishesNothingTwice() throws IOException {
    Files.write(folder.resolve("t1.tif"), tiff(grey16(4, 4, page(0)), grey16(4, 4, page(1))));
    Files.write(folder.resolve("t2.png"), dev.tessera.imaging.testing.TestImages.png(grey8(4, 4, (x, y) -> x)));
    try (FolderWatcher watcher = watcher(settings(), clock)) {
      watcher.scan();
      clock.advance(STABLE);
      assertThat(watcher.scan().published()).containsExactly("t1.tif", "t2.png");
    }

    try (FolderWatcher restarted = watcher(settings(), clock)) {
      assertThat(restarted.nextFrameIndex()).isEqualTo(3);
      assertThat(restarted.scan().published()).isEmpty();
      clock.advance(Duration.ofMinutes(1));
      assertThat(restarted.scan().published()).isEmpty();

      Files.write(folder.resolve("t10.tif"), tiff(grey16(4, 4, page(2))));
      restarted.scan();
      clock.advance(STABLE);
      assertThat(restarted.scan().published()).containsExactly("t10.tif");
    }

    assertThat(frames()).extracting(FolderWatcherIT::file)
        .containsExactly("t1.tif#0", "t1.tif#1", "t2.png#0", "t10.tif#0");
    assertThat(frames()).extracting(Frame::getFrameIndex).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void anUnreadableFileIsDeadLetteredOnceAndTheNextFileIsStillPublished() throws IOException {
    Path broken = folder.resolve("f1.tif");
    Files.writeString(broken, "not really a TIFF\n");
    byte[] full = tiff(grey16(32, 32, page(0)));
    Path truncated = folder.resolve("f2.tif");
    Files.write(truncated, Arrays.copyOf(full, full.length / 2));
    Files.write(folder.resolve("f3.tif"), tiff(grey16(4, 4, page(3))));
    Files.writeString(folder.resolve("f3.txt"), "a sidecar that is not an image\n");

    try (FolderWatcher watcher = watcher(settings(), clock)) {
      watcher.scan();
      clock.advance(STABLE);
      FolderWatcher.ScanReport report = watcher.scan();
      assertThat(report.deadLettered()).containsExactly("f1.tif", "f2.tif");
      assertThat(report.published()).containsExactly("f3.tif");
      assertThat(watcher.status().deadLetteredFiles()).isEqualTo(2);
    }
    try (FolderWatcher restarted = watcher(settings(), clock)) {
      clock.advance(STABLE);
      restarted.scan();
      clock.advance(STABLE);
      assertThat(restarted.scan().deadLettered()).isEmpty();
    }

    List<ConsumerRecord<String, DeadLetter>> letters = deadLetters();
    assertThat(letters).hasSize(2);
    DeadLetter text = letters.get(0).value();
    assertThat(letters.get(0).key()).isEqualTo("plate-7");
    assertThat(text.getStage()).isEqualTo("ingest");
    assertThat(text.getErrorType()).isEqualTo("unsupported-image");
    assertThat(text.getReason()).isEqualTo(broken + ": the input is text (it starts \"not really a TIF...\"), not an image;"
        + " Tessera reads TIFF (8/16-bit or 32-bit float grey, stacks, OME-TIFF) and PNG (8/16-bit grey or RGB)");
    assertThat(text.getOriginal()).isEqualTo(ByteBuffer.wrap("not really a TIFF\n".getBytes(StandardCharsets.UTF_8)));
    DeadLetter cut = letters.get(1).value();
    assertThat(cut.getErrorType()).isEqualTo("unreadable-image");
    assertThat(cut.getReason()).startsWith(truncated + ": ");
    assertThat(frames()).extracting(FolderWatcherIT::file).containsExactly("f3.tif#0");
    assertThat(frames()).extracting(Frame::getFrameIndex).containsExactly(0L);
  }

  @Test
  void finishesAFileLeftHalfPublishedByACrashWithoutRepublishingItsPages() throws IOException {
    Path stack = folder.resolve("s.tif");
    Files.write(stack, tiff(grey16(4, 4, page(0)), grey16(4, 4, page(1)), grey16(4, 4, page(2))));
    // What a watcher that died after its first frame leaves: the in-progress mark and one frame.
    int partition = publisher.partitionOf("plate-7");
    long end = log.endOffset(partition);
    WatchState.load(settings().stateFile(), "plate-7").begin("s.tif", 3, partition, end);
    try (ImageStack s = ImageStack.open(stack)) {
      publisher.publishStack("plate-7", 0, s, Instant.now(), Map.of(FramePublisher.FILE_ATTRIBUTE, "s.tif"),
          page -> page == 0, PublishProgress.NONE);
    }

    AtomicInteger sentNow = new AtomicInteger();
    try (FolderWatcher watcher = new FolderWatcher(settings(), publisher, log, clock, new WatchListener() {
      @Override
      public void progress(Path file, dev.tessera.ingest.publish.PublishedFrame frame, int done, int total) {
        sentNow.incrementAndGet();
      }
    })) {
      assertThat(watcher.scan().published()).containsExactly("s.tif");
      assertThat(watcher.nextFrameIndex()).isEqualTo(3);
      clock.advance(STABLE);
      assertThat(watcher.scan().published()).isEmpty();
    }
    assertThat(sentNow).hasValue(2);
    List<Frame> frames = frames();
    assertThat(frames).extracting(Frame::getFrameIndex).containsExactly(0L, 1L, 2L);
    assertThat(frames).extracting(FolderWatcherIT::file).containsExactly("s.tif#0", "s.tif#1", "s.tif#2");
    assertThat(pixels(frames.get(2))).isEqualTo(uint16(4, 4, page(2)));
  }

  @Test
  void refusesASecondWatcherOnTheSameStateFile() throws IOException {
    try (FolderWatcher first = watcher(settings(), clock)) {
      assertThatThrownBy(() -> watcher(settings(), clock)).isInstanceOf(IllegalStateException.class)
          .hasMessage("Another folder watcher is using state file " + settings().stateFile());
    }
  }

  @Test
  void theRunningWatcherPublishesFilesAsTheyArrive() throws Exception {
    WatchSettings fast = settings().withStableInterval(Duration.ofMillis(300)).withRescanInterval(Duration.ofMillis(500));
    try (FolderWatcher watcher = watcher(fast, Clock.systemUTC())) {
      watcher.start();
      Path temporary = folder.resolve(".r1.tif.writing");
      Files.write(temporary, tiff(grey16(4, 4, page(0))));
      Files.move(temporary, folder.resolve("r1.tif"), StandardCopyOption.ATOMIC_MOVE);
      Files.write(folder.resolve("r2.tif"), tiff(grey16(4, 4, page(1))));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (watcher.status().publishedFiles() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(watcher.status().running()).isTrue();
      assertThat(watcher.status().publishedFiles()).isEqualTo(2);
    }
    assertThat(frames()).extracting(FolderWatcherIT::file).containsExactlyInAnyOrder("r1.tif#0", "r2.tif#0");
  }
}
