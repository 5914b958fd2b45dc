package dev.tessera.ingest.watch;

import java.io.IOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a folder watcher has done, kept in a small text file so a restart neither publishes a file
 * twice nor reuses a frame index:
 *
 * <pre>
 * tessera-folder-watch 1
 * acquisition plate-7
 * next-frame-index 5
 * in-progress 3 2 1 42 img%203.tif      (first index, pages, partition, end offset, name)
 * done 0 3 img%201.tif                  (first index, frames, name)
 * failed 3 notes.tif                    (frame index it would have had, name)
 * </pre>
 *
 * Names are URL-encoded so any file name fits on one line. The file is rewritten whole on every
 * change, to a temporary file that is forced to disk and renamed over the old one, so a crash
 * leaves either the old or the new state, never half of one. {@code in-progress} is written
 * before a file's first frame is sent and records where the frames topic ended then; after a
 * crash, the frames from that offset tell which pages reached the broker.
 */
final class WatchState {

  private static final String HEADER = "tessera-folder-watch 1";

  /** The file being published when the state was saved: enough to find its frames again. */
  record InProgress(String name, long firstFrameIndex, int pages, int partition, long endOffset) {}

  /** A file handled: published ({@code failed == false}) or dead-lettered. */
  record Handled(long firstFrameIndex, int frames, boolean failed) {}

  private final Path file;
  private final String acquisitionId;
  private long nextFrameIndex;
  private InProgress inProgress;
  private final Map<String, Handled> handled = new LinkedHashMap<>();

  private WatchState(Path file, String acquisitionId) {
    this.file = file;
    this.acquisitionId = acquisitionId;
  }

  /**
   * Loads the state of {@code file}, or starts an empty one when it does not exist.
   *
   * @throws IOException if it cannot be read or is not a state file
   * @throws IllegalStateException if it belongs to another acquisition
   */
  static WatchState load(Path file, String acquisitionId) throws IOException {
    WatchState state = new WatchState(file, acquisitionId);
    if (!Files.exists(file)) {
      return state;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(file + " is not a folder-watch state file (its first line is not '" + HEADER + "')");
    }
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(" ");
      try {
        switch (f[0]) {
          case "acquisition" -> {
            if (!f[1].equals(acquisitionId)) {
              throw new IllegalStateException("State file " + file + " belongs to acquisition " + f[1] + ", not "
                  + acquisitionId + ": use another state file for a new acquisition, or delete it to publish the"
                  + " folder again");
            }
          }
          case "next-frame-index" -> state.nextFrameIndex = Long.parseLong(f[1]);
          case "in-progress" -> state.inProgress = new InProgress(decode(f[5]), Long.parseLong(f[1]),
              Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]));
          case "done" -> state.handled.put(decode(f[3]), new Handled(Long.parseLong(f[1]), Integer.parseInt(f[2]), false));
          case "failed" -> state.handled.put(decode(f[2]), new Handled(Long.parseLong(f[1]), 0, true));
          default -> throw new IOException("unknown entry '" + f[0] + "'");
        }
      } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
        throw new IOException(file + " line " + (n + 1) + " is malformed: " + line, e);
      }
    }
    return state;
  }

  Path file() {
    return file;
  }

  long nextFrameIndex() {
    return nextFrameIndex;
  }

  Optional<InProgress> inProgress() {
    return Optional.ofNullable(inProgress);
  }

  boolean isHandled(String name) {
    return handled.containsKey(name);
  }

  Map<String, Handled> handled() {
    return Map.copyOf(handled);
  }

  /** Records that {@code name}'s frames are about to be sent, and saves. */
  void begin(String name, int pages, int partition, long endOffset) throws IOException {
    inProgress = new InProgress(name, nextFrameIndex, pages, partition, endOffset);
    save();
  }

  /** Records that {@code name} is published as {@code frames} frames from {@code firstFrameIndex}, and saves. */
  void done(String name, long firstFrameIndex, int frames) throws IOException {
    handled.put(name, new Handled(firstFrameIndex, frames, false));
    nextFrameIndex = Math.max(nextFrameIndex, firstFrameIndex + frames);
    inProgress = null;
    save();
  }

  /**
   * Records that {@code name} was dead-lettered, and saves.
   *
   * @param usedFrames frame indices from {@code firstFrameIndex} its partly published pages took
   */
  void failed(String name, long firstFrameIndex, int usedFrames) throws IOException {
    handled.put(name, new Handled(firstFrameIndex, 0, true));
    nextFrameIndex = Math.max(nextFrameIndex, firstFrameIndex + usedFrames);
    inProgress = null;
    save();
  }

  private void save() throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("acquisition ").append(acquisitionId).append('\n');
    out.append("next-frame-index ").append(nextFrameIndex).append('\n');
    if (inProgress != null) {
      out.append("in-progress ").append(inProgress.firstFrameIndex()).append(' ').append(inProgress.pages())
          .append(' ').append(inProgress.partition()).append(' ').append(inProgress.endOffset()).append(' ')
          .append(encode(inProgress.name())).append('\n');
    }
    handled.forEach((name, h) -> {
      if (h.failed()) {
        out.append("failed ").append(h.firstFrameIndex()).append(' ').append(encode(name)).append('\n');
      } else {
        out.append("done ").append(h.firstFrameIndex()).append(' ').append(h.frames()).append(' ')
            .append(encode(name)).append('\n');
      }
    });
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = parent.resolve("." + file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8);
      writer.write(out.toString());
      writer.flush();
      // On disk before the rename, or a power cut could leave the renamed file empty.
      channel.force(true);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  private static String decode(String name) {
    return URLDecoder.decode(name, StandardCharsets.UTF_8);
  }
}
