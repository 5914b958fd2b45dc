package dev.tessera.ingest.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides, scan after scan, when a file is completely written, without knowing the writer:
 *
 * <ul>
 *   <li>Renamed into place: a file whose identity (inode) belonged, at the previous scan, to a
 *       temporary name ({@code .x.tif.XXXX}, {@code x.tif.part}, ...) that is now gone was
 *       written under that name and renamed when complete, the safe way: it is ready at once.
 *   <li>Otherwise, stable: size and modification time unchanged across two scans at least the
 *       stable interval apart, and the file not empty. A writer that pauses for longer than the
 *       interval defeats this; the README tells operators to raise the interval or rename.
 * </ul>
 *
 * Pure logic over listings, with the time passed in, so tests drive it scan by scan.
 */
final class CompletionTracker {

  private record Observation(long size, Instant modified, Instant since) {}

  private final Duration stableInterval;
  private final Map<String, Observation> candidates = new HashMap<>();
  private Map<Object, String> temporaryByKey = Map.of();

  CompletionTracker(Duration stableInterval) {
    this.stableInterval = stableInterval;
  }

  /**
   * Takes one listing of the folder.
   *
   * @param entries every regular file in the folder
   * @param now the time of the listing
   * @param done names already published or dead-lettered, never ready again
   * @return names of images that are complete, in no particular order
   */
  List<String> update(List<FileEntry> entries, Instant now, Predicate<String> done) {
    Map<Object, String> temporaries = new HashMap<>();
    Set<String> names = new HashSet<>();
    for (FileEntry e : entries) {
      names.add(e.name());
      if (FileNames.isTemporary(e.name()) && e.fileKey() != null) {
        temporaries.put(e.fileKey(), e.name());
      }
    }
    List<String> ready = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (FileEntry e : entries) {
      String name = e.name();
      if (FileNames.isTemporary(name) || !FileNames.isImage(name) || done.test(name)) {
        continue;
      }
      seen.add(name);
      Observation previous = candidates.get(name);
      String formerName = e.fileKey() == null ? null : temporaryByKey.get(e.fileKey());
      if (previous == null && formerName != null && !names.contains(formerName)) {
        // Backdate the observation so it stays ready if publishing has to be retried.
        candidates.put(name, new Observation(e.size(), e.modified(), now.minus(stableInterval)));
        ready.add(name);
        continue;
      }
      if (previous == null || previous.size() != e.size() || !previous.modified().equals(e.modified())) {
        candidates.put(name, new Observation(e.size(), e.modified(), now));
        continue;
      }
      if (e.size() > 0 && Duration.between(previous.since(), now).compareTo(stableInterval) >= 0) {
        ready.add(name);
      }
    }
    candidates.keySet().retainAll(seen);
    temporaryByKey = temporaries;
    return ready;
  }

  /** Stops tracking {@code name}: it is published or dead-lettered. */
  void forget(String name) {
    candidates.remove(name);
  }

  /** Images seen and not yet published or dead-lettered. */
  int pending() {
    return candidates.size();
  }
}
