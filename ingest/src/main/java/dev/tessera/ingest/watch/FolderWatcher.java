package dev.tessera.ingest.watch;

import dev.tessera.ingest.publish.FrameLog;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.ingest.publish.FrameTooLargeException;
import dev.tessera.ingest.publish.PublishException;
import dev.tessera.ingest.publish.PublishedFrame;
import dev.tessera.imaging.io.ImageReadException;
import dev.tessera.imaging.io.ImageStack;
import dev.tessera.imaging.io.NaturalOrder;
import dev.tessera.imaging.io.UnsupportedImageException;
import dev.tessera.records.DeadLetter;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.Rejection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the images acquisition software writes into a folder, each file once, as frames of
 * one acquisition: output topic {@code {prefix}frames}, key the acquisition id, frame indices
 * continuing from file to file in the order files are published (natural name order among files
 * completed at the same scan); dead letters to {@code {prefix}dead-letters} with the same key.
 *
 * <p>When: a TIFF/PNG is published once it is completely written (see {@link CompletionTracker}:
 * renamed into place, or size and modification time stable for the stable interval). The folder
 * is listed on every file event (WatchService) and at least every rescan interval, because some
 * file systems deliver no events. Temporary names and dotfiles are never published; other files
 * than images are left alone.
 *
 * <p>Guarantees: what was published is kept in a state file ({@link WatchState}) written
 * atomically after every file, so a restart publishes no file twice. Before a file's first frame
 * is sent, the state records where the frames topic ended; if the watcher dies while publishing,
 * the next start reads the frames topic from there and publishes only the pages that did not
 * reach the broker, under the same frame indices. Frames get the file's modification time as
 * capture time and attributes {@code source.file}, {@code source.page}, {@code source.pages},
 * {@code source.format}.
 *
 * <p>Failures: a file that cannot be read, is not a supported image, or would make a record over
 * the size limit is dead-lettered once (stage {@code ingest}, error type
 * {@code unreadable-image}, {@code unsupported-image} or {@code frame-too-large}, the reason
 * naming the file and why), logged at WARN, remembered as failed, and the watcher goes on with
 * the next file. If the broker is unavailable, nothing is marked and the file is tried again at
 * the next scan.
 */
public final class FolderWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
  private static final Duration MAX_SETTLE = Duration.ofMillis(200);

  /** What one scan did. */
  public record ScanReport(List<String> published, List<String> deadLettered, int pending, boolean brokerUnavailable) {}

  /**
   * The watcher's health, for a readiness check or a status line.
   *
   * @param running the background loop is running
   * @param lastScan when the folder was last listed, null before the first scan
   * @param lastError the last scan's error, null when it succeeded
   */
  public record Status(boolean running, Instant lastScan, String lastError, int pendingFiles, int publishedFiles,
      int deadLetteredFiles, long nextFrameIndex) {}

  private final WatchSettings settings;
  private final FramePublisher publisher;
  private final FrameLog log;
  private final Clock clock;
  private final WatchListener listener;
  private final WatchState state;
  private final CompletionTracker tracker;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private volatile boolean running;
  private volatile Thread thread;
  private volatile WatchService events;
  private volatile Instant lastScan;
  private volatile String lastError;
  private volatile int pending;

  /**
   * Loads the state and takes the state file's lock.
   *
   * @param log reads the frames topic when a file was left half published
   * @throws IOException if the folder is not a directory or the state file is unreadable
   * @throws IllegalStateException if the state belongs to another acquisition or another watcher
   *     holds its lock
   */
  public FolderWatcher(WatchSettings settings, FramePublisher publisher, FrameLog log, Clock clock,
      WatchListener listener) throws IOException {
    if (!Files.isDirectory(settings.folder())) {
      throw new IOException("Cannot watch " + settings.folder() + ": not a directory");
    }
    this.settings = settings;
    this.publisher = publisher;
    this.log = log;
    this.clock = clock;
    this.listener = listener;
    this.tracker = new CompletionTracker(settings.stableInterval());
    Path lockFile = settings.stateFile().resolveSibling(settings.stateFile().getFileName() + ".lock");
    this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock taken;
    try {
      taken = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      taken = null; // held by another watcher in this JVM
    } catch (IOException e) {
      lockChannel.close();
      throw e;
    }
    if (taken == null) {
      lockChannel.close();
      throw new IllegalStateException("Another folder watcher is using state file " + settings.stateFile());
    }
    this.lock = taken;
    try {
      this.state = WatchState.load(settings.stateFile(), settings.acquisitionId());
    } catch (IOException | RuntimeException e) {
      releaseLock();
      throw e;
    }
  }

  public WatchSettings settings() {
    return settings;
  }

  /** The index the next published frame gets. */
  public long nextFrameIndex() {
    return state.nextFrameIndex();
  }

  public Status status() {
    Map<String, WatchState.Handled> handled = state.handled();
    int failed = (int) handled.values().stream().filter(WatchState.Handled::failed).count();
    return new Status(running, lastScan, lastError, pending, handled.size() - failed, failed, state.nextFrameIndex());
  }

  /**
   * Lists the folder once and publishes what is complete: first the rest of a file left half
   * published, then the files that became complete, in natural name order.
   */
  public synchronized ScanReport scan() {
    List<String> published = new ArrayList<>();
    List<String> deadLettered = new ArrayList<>();
    Instant now = clock.instant();
    try {
      if (!finishInProgress(published, deadLettered)) {
        return report(published, deadLettered, true, now);
      }
      List<String> ready = tracker.update(list(), now, state::isHandled);
      ready.sort(NaturalOrder.COMPARATOR);
      for (String name : ready) {
        long first = state.nextFrameIndex();
        boolean handled = publish(name, first, page -> true, 0, -1, published, deadLettered);
        if (!handled) {
          return report(published, deadLettered, true, now);
        }
        tracker.forget(name);
      }
      lastError = null;
    } catch (IOException e) {
      lastError = "Cannot list " + settings.folder() + ": " + e;
      LOG.error(lastError);
    }
    return report(published, deadLettered, false, now);
  }

  /** Watches until {@link #close()}: scans on file events, while files are pending, and every rescan interval. */
  public void run() {
    running = true;
    thread = Thread.currentThread();
    WatchService watching = openWatchService();
    this.events = watching;
    try {
      while (running) {
        try {
          scan();
        } catch (RuntimeException e) {
          lastError = e.toString();
          LOG.error("Folder watch of {} failed a scan; trying again", settings.folder(), e);
        }
        Duration wait = pending > 0 && settings.stableInterval().compareTo(settings.rescanInterval()) < 0
            ? settings.stableInterval() : settings.rescanInterval();
        if (watching == null) {
          Thread.sleep(wait.toMillis());
        } else {
          WatchKey key = watching.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
          if (key != null) {
            // A writer fires an event per write: let a burst settle, then take it as one.
            Duration settle = settings.stableInterval().dividedBy(2);
            Thread.sleep((settle.compareTo(MAX_SETTLE) < 0 ? settle : MAX_SETTLE).toMillis());
            key.pollEvents();
            key.reset();
            drain(watching);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      // close() woke us: stop.
    } finally {
      running = false;
      if (watching != null) {
        try {
          watching.close();
        } catch (IOException ignored) {
          // Closing: nothing more to watch.
        }
      }
    }
  }

  /** Runs {@link #run()} on a daemon thread named after the folder. */
  public synchronized Thread start() {
    if (thread != null) {
      throw new IllegalStateException("The folder watcher of " + settings.folder() + " is already started");
    }
    running = true;
    Thread t = new Thread(this::run, "tessera-folder-watch-" + settings.acquisitionId());
    t.setDaemon(true);
    thread = t;
    t.start();
    return t;
  }

  /** Stops the loop, waits for the file being published to finish, and releases the state file. */
  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      WatchService watching = events;
      if (watching != null) {
        // Wakes the loop out of its wait without interrupting a file being published.
        try {
          watching.close();
        } catch (IOException e) {
          t.interrupt();
        }
      } else {
        t.interrupt();
      }
      try {
        t.join(TimeUnit.SECONDS.toMillis(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      releaseLock();
    }
  }

  /** Completes the file a previous run left half published. Returns false if the broker is unavailable. */
  private boolean finishInProgress(List<String> published, List<String> deadLettered) {
    WatchState.InProgress ip = state.inProgress().orElse(null);
    if (ip == null) {
      return true;
    }
    Set<Integer> sent;
    try {
      sent = log.framesSince(settings.acquisitionId(), ip.partition(), ip.endOffset()).stream()
          .filter(f -> ip.name().equals(f.attributes().get(FramePublisher.FILE_ATTRIBUTE)))
          .filter(f -> f.frameIndex() >= ip.firstFrameIndex() && f.frameIndex() < ip.firstFrameIndex() + ip.pages())
          .map(f -> (int) (f.frameIndex() - ip.firstFrameIndex()))
          .collect(Collectors.toSet());
    } catch (KafkaException e) {
      lastError = "Cannot read back the frames of " + ip.name() + " from the broker: " + e.getMessage();
      LOG.warn(lastError);
      return false;
    }
    LOG.info("{} was left partly published (the watcher stopped or the broker failed): {} of its {} frames had"
        + " reached the broker",
        settings.folder().resolve(ip.name()), sent.size(), ip.pages());
    if (sent.size() == ip.pages()) {
      saveDone(ip.name(), ip.firstFrameIndex(), ip.pages());
      published.add(ip.name());
      return true;
    }
    return publish(ip.name(), ip.firstFrameIndex(), page -> !sent.contains(page), sent.size(), ip.pages(), published,
        deadLettered);
  }

  /**
   * Publishes the selected pages of one file as frames from {@code first}. Returns false if the
   * broker is unavailable (the file will be tried again), true when the file is published or
   * dead-lettered.
   *
   * @param alreadySent pages of the file the broker already has (after a restart)
   * @param resumedPages the page count recorded when the file was begun, or -1 for a new file,
   *     which records its begin here
   */
  private boolean publish(String name, long first, IntPredicate pages, int alreadySent, int resumedPages,
      List<String> published, List<String> deadLettered) {
    Path file = settings.folder().resolve(name);
    boolean resumed = resumedPages >= 0;
    if (!resumed && !Files.exists(file)) {
      LOG.info("{} disappeared before it could be published", file);
      return true;
    }
    int[] sent = {alreadySent};
    int[] pageCount = {resumedPages};
    try (ImageStack stack = ImageStack.open(file)) {
      pageCount[0] = stack.pageCount();
      Map<String, String> attributes = Map.of(FramePublisher.FILE_ATTRIBUTE, name);
      // The file's modification time: when the microscope finished writing the frame.
      Instant capturedAt = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
      String acq = settings.acquisitionId();
      publisher.checkStack(acq, first, stack, capturedAt, attributes, pages);
      if (!resumed) {
        int partition = publisher.partitionOf(acq);
        long end = log.endOffset(partition);
        saveBegin(name, stack.pageCount(), partition, end);
      }
      List<PublishedFrame> frames = publisher.publishStack(acq, first, stack, capturedAt, attributes, pages,
          (frame, done, total) -> {
            sent[0]++;
            listener.progress(file, frame, done, total);
          });
      saveDone(name, first, stack.pageCount());
      published.add(name);
      LOG.info("Published {} as frame(s) {}..{} of acquisition {}", file, first, first + stack.pageCount() - 1, acq);
      listener.published(file, frames);
      return true;
    } catch (ImageReadException | FrameTooLargeException e) {
      DeadLetterError type = e instanceof UnsupportedImageException ? DeadLetterError.UNSUPPORTED_IMAGE
          : e instanceof FrameTooLargeException ? DeadLetterError.FRAME_TOO_LARGE : DeadLetterError.UNREADABLE_IMAGE;
      String reason = e.getMessage();
      if (sent[0] > 0) {
        reason += " (after " + sent[0] + " of its " + pageCount[0] + " frames were published)";
      }
      // Frames already published keep their indices: the next file starts after all of this one's.
      return deadLetter(name, file, new Rejection(type, reason), first, sent[0] > 0 ? pageCount[0] : 0,
          deadLettered);
    } catch (IOException e) {
      return deadLetter(name, file, new Rejection(DeadLetterError.UNREADABLE_IMAGE, file + ": cannot read: " + e),
          first, sent[0] > 0 ? pageCount[0] : 0, deadLettered);
    } catch (PublishException | KafkaException e) {
      lastError = "Cannot publish " + file + ": " + e.getMessage();
      LOG.warn("{}; trying again at the next scan", lastError);
      return false;
    }
  }

  private boolean deadLetter(String name, Path file, Rejection why, long first, int usedFrames,
      List<String> deadLettered) {
    DeadLetter letter = DeadLetters.of("ingest", null, -1, -1, settings.acquisitionId(), why.errorType(), why.reason(),
        smallFile(file));
    try {
      publisher.publishDeadLetter(letter);
    } catch (PublishException | KafkaException e) {
      lastError = "Cannot dead-letter " + file + ": " + e.getMessage();
      LOG.warn("{}; trying again at the next scan", lastError);
      return false;
    }
    LOG.warn("{} (dead letter sent to {})", why.reason(), publisher.topics().deadLetters().name());
    try {
      state.failed(name, first, usedFrames);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the folder-watch state " + state.file(), e);
    }
    deadLettered.add(name);
    listener.deadLettered(file, why.errorType().code(), why.reason());
    return true;
  }

  /** The file's bytes when small enough to copy into a dead letter, else null. */
  private static byte[] smallFile(Path file) {
    try {
      return Files.size(file) <= DeadLetters.MAX_COPIED_BYTES ? Files.readAllBytes(file) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private void saveBegin(String name, int pages, int partition, long endOffset) {
    try {
      state.begin(name, pages, partition, endOffset);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the folder-watch state " + state.file(), e);
    }
  }

  private void saveDone(String name, long first, int frames) {
    try {
      state.done(name, first, frames);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the folder-watch state " + state.file(), e);
    }
  }

  private List<FileEntry> list() throws IOException {
    List<FileEntry> entries = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(settings.folder())) {
      for (Path file : files) {
        try {
          if (Files.isRegularFile(file)) {
            entries.add(FileEntry.of(file));
          }
        } catch (NoSuchFileException e) {
          // Renamed or deleted since the listing: the next scan sees it as it is now.
        }
      }
    }
    return entries;
  }

  private ScanReport report(List<String> published, List<String> deadLettered, boolean brokerUnavailable, Instant now) {
    lastScan = now;
    pending = tracker.pending();
    return new ScanReport(List.copyOf(published), List.copyOf(deadLettered), pending, brokerUnavailable);
  }

  private WatchService openWatchService() {
    try {
      WatchService events = settings.folder().getFileSystem().newWatchService();
      settings.folder().register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      return events;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("No file events for {} ({}); listing it every {}", settings.folder(), e.getMessage(),
          settings.rescanInterval());
      return null;
    }
  }

  private static void drain(WatchService events) {
    WatchKey key;
    while ((key = events.poll()) != null) {
      key.pollEvents();
      key.reset();
    }
  }

  private void releaseLock() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("Cannot release the lock of {}: {}", settings.stateFile(), e.getMessage());
    }
  }
}
