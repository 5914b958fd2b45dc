package dev.tessera.ingest.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompletionTrackerTest {

  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant M0 = Instant.parse("2025-12-31T23:59:59Z");

  private final CompletionTracker tracker = new CompletionTracker(INTERVAL);

  private List<String> scan(int secondsAfterT0, FileEntry... entries) {
    return tracker.update(List.of(entries), T0.plusSeconds(secondsAfterT0), name -> false);
  }

  private static FileEntry file(String name, long size, int mtimeSeconds, Object key) {
    return new FileEntry(name, size, M0.plusSeconds(mtimeSeconds), key);
  }

  @Test
  void aGrowingFileIsNotReadyUntilItsSizeAndTimeStayPutForTheInterval() {
    assertThat(scan(0, file("a.tif", 100, 0, 1))).isEmpty();
    assertThat(scan(3, file("a.tif", 200, 3, 1))).isEmpty(); // grew
    assertThat(scan(4, file("a.tif", 200, 3, 1))).isEmpty(); // unchanged for 1 s only
    assertThat(scan(5, file("a.tif", 200, 3, 1))).containsExactly("a.tif"); // unchanged for 2 s
  }

  @Test
  void aRewriteOfTheSameSizeStillRestartsTheWait() {
    assertThat(scan(0, file("a.tif", 100, 0, 1))).isEmpty();
    assertThat(scan(2, file("a.tif", 100, 2, 1))).isEmpty(); // same size, newer mtime
    assertThat(scan(4, file("a.tif", 100, 2, 1))).containsExactly("a.tif");
  }

  @Test
  void anEmptyFileIsNeverReady() {
    scan(0, file("a.tif", 0, 0, 1));
    assertThat(scan(60, file("a.tif", 0, 0, 1))).isEmpty();
  }

  @Test
  void aFileRenamedFromATemporaryNameIsReadyAtOnce() {
    assertThat(scan(0, file(".a.tif.x3Fz9", 50, 0, 7))).isEmpty();
    assertThat(scan(1, file("a.tif", 80, 1, 7))).containsExactly("a.tif");
  }

  @Test
  void aFileRenamedFromAPartFileIsReadyAtOnce() {
    assertThat(scan(0, file("a.tif.part", 50, 0, 7), file("b.png", 9, 0, 8))).isEmpty();
    assertThat(scan(1, file("a.tif", 50, 0, 7), file("b.png", 9, 0, 8))).containsExactly("a.tif");
  }

  @Test
  void aFileAppearingUnderItsFinalNameWaitsForTheInterval() {
    assertThat(scan(0, file("a.tif", 50, 0, 7))).isEmpty();
    assertThat(scan(2, file("a.tif", 50, 0, 7))).containsExactly("a.tif");
  }

  @Test
  void aTemporaryFileThatStillExistsBesideTheNewNameIsNotARename() {
    // A hard link or copy: the temporary name is still there, so the writer may not be done.
    scan(0, file("a.tif.tmp", 50, 0, 7));
    assertThat(scan(1, file("a.tif.tmp", 50, 0, 7), file("a.tif", 50, 0, 7))).isEmpty();
  }

  @Test
  void temporariesDotfilesAndOtherFilesAreNeverReady() {
    FileEntry[] files = {file("a.tif.part", 5, 0, 1), file(".b.tif", 5, 0, 2), file("~c.tif", 5, 0, 3),
        file("notes.txt", 5, 0, 4), file("d.tmp", 5, 0, 5), file("meta.xml", 5, 0, 6)};
    scan(0, files);
    assertThat(scan(10, files)).isEmpty();
    assertThat(tracker.pending()).isZero();
  }

  @Test
  void refusedImageFormatsAreReadySoTheyCanBeDeadLettered() {
    scan(0, file("photo.JPG", 5, 0, 1));
    assertThat(scan(2, file("photo.JPG", 5, 0, 1))).containsExactly("photo.JPG");
  }

  @Test
  void aStableFileStaysReadyUntilItIsDone() {
    scan(0, file("a.tif", 5, 0, 1));
    assertThat(scan(2, file("a.tif", 5, 0, 1))).containsExactly("a.tif");
    // Publishing failed (broker down): still ready at the next scan, no new wait.
    assertThat(scan(3, file("a.tif", 5, 0, 1))).containsExactly("a.tif");
    assertThat(tracker.update(List.of(file("a.tif", 5, 0, 1)), T0.plusSeconds(4), Set.of("a.tif")::contains)).isEmpty();
    assertThat(tracker.pending()).isZero();
  }

  @Test
  void aRenamedFileStaysReadyIfPublishingMustBeRetried() {
    scan(0, file("a.tif.part", 5, 0, 1));
    assertThat(scan(1, file("a.tif", 5, 0, 1))).containsExactly("a.tif");
    assertThat(scan(2, file("a.tif", 5, 0, 1))).containsExactly("a.tif");
  }

  @Test
  void forgetsFilesThatDisappear() {
    scan(0, file("a.tif", 5, 0, 1));
    scan(1);
    assertThat(tracker.pending()).isZero();
    assertThat(scan(2, file("a.tif", 5, 0, 1))).isEmpty(); // a new observation, not the old one
  }
}
