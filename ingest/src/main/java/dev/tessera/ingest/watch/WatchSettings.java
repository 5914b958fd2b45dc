package dev.tessera.ingest.watch;

import dev.tessera.ingest.publish.AcquisitionIds;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a folder is watched.
 *
 * @param folder the folder acquisition software writes into (its files only, not subfolders)
 * @param acquisitionId the acquisition its frames belong to
 * @param stableInterval how long a file's size and modification time must stay unchanged before
 *     it counts as completely written (files renamed into place are taken at once)
 * @param rescanInterval how often the folder is listed even without file events, which some file
 *     systems (NFS, SMB, some container mounts) never deliver
 * @param stateFile where the watcher remembers what it published
 */
public record WatchSettings(Path folder, String acquisitionId, Duration stableInterval, Duration rescanInterval,
    Path stateFile) {

  public static final Duration DEFAULT_STABLE_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(10);
  /** A dotfile, so the watcher itself ignores it. */
  public static final String DEFAULT_STATE_FILE_NAME = ".tessera-ingest-state";

  public WatchSettings {
    if (folder == null) {
      throw new IllegalArgumentException("the watched folder is not set");
    }
    AcquisitionIds.check(acquisitionId);
    if (stableInterval == null || stableInterval.isNegative() || stableInterval.isZero()) {
      throw new IllegalArgumentException("stable interval " + stableInterval + " is not positive");
    }
    if (rescanInterval == null || rescanInterval.isNegative() || rescanInterval.isZero()) {
      throw new IllegalArgumentException("rescan interval " + rescanInterval + " is not positive");
    }
    if (stateFile == null) {
      throw new IllegalArgumentException("the state file is not set");
    }
  }

  /**
   * Defaults for {@code folder}: acquisition id from the folder's name
   * ({@link AcquisitionIds#fromName}), 2 s stable interval, 10 s rescan, state file
   * {@value #DEFAULT_STATE_FILE_NAME} in the folder.
   */
  public static WatchSettings of(Path folder) {
    Path name = folder.toAbsolutePath().normalize().getFileName();
    return new WatchSettings(folder, AcquisitionIds.fromName(name == null ? "" : name.toString()),
        DEFAULT_STABLE_INTERVAL, DEFAULT_RESCAN_INTERVAL, folder.resolve(DEFAULT_STATE_FILE_NAME));
  }

  public WatchSettings withAcquisitionId(String id) {
    return new WatchSettings(folder, id, stableInterval, rescanInterval, stateFile);
  }

  public WatchSettings withStableInterval(Duration interval) {
    return new WatchSettings(folder, acquisitionId, interval, rescanInterval, stateFile);
  }

  public WatchSettings withRescanInterval(Duration interval) {
    return new WatchSettings(folder, acquisitionId, stableInterval, interval, stateFile);
  }

  public WatchSettings withStateFile(Path file) {
    return new WatchSettings(folder, acquisitionId, stableInterval, rescanInterval, file);
  }
}
