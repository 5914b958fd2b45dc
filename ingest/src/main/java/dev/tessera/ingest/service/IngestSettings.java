package dev.tessera.ingest.service;

import dev.tessera.ingest.publish.AcquisitionIds;
import dev.tessera.ingest.watch.WatchSettings;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.service.TesseraKafka;
import dev.tessera.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configuration, checked in one place: every problem is reported at once, each naming its key
 * and what is allowed, and the service does not start.
 *
 * @param watch present when {@code tessera.ingest.watch.dir} is set
 */
public record IngestSettings(KafkaSettings kafka, Topics topics, long maxBodyBytes, Optional<WatchSettings> watch) {

  /** Java arrays (the body is read into one) hold at most this many bytes. */
  static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 8;

  /**
   * @throws IllegalArgumentException listing every invalid key
   */
  public static IngestSettings from(TesseraKafka kafka, IngestConfig.Ingest ingest) {
    List<String> errors = new ArrayList<>();
    long maxBody = ingest.maxBodyBytes();
    if (maxBody < 1 || maxBody > MAX_BODY_LIMIT) {
      errors.add("tessera.ingest.max-body-bytes=" + maxBody + " is not between 1 and " + MAX_BODY_LIMIT);
    }
    Optional<WatchSettings> watch = watch(ingest.watch(), errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid ingest configuration:\n  - " + String.join("\n  - ", errors));
    }
    return new IngestSettings(kafka.settings(), kafka.topics(), maxBody, watch);
  }

  private static Optional<WatchSettings> watch(IngestConfig.Watch config, List<String> errors) {
    Optional<String> dir = config.dir().map(String::strip).filter(s -> !s.isEmpty());
    if (dir.isEmpty()) {
      config.acquisitionId().ifPresent(id -> errors.add("tessera.ingest.watch.acquisition-id is set but"
          + " tessera.ingest.watch.dir is not: set the folder to watch"));
      return Optional.empty();
    }
    Path folder = Paths.get(dir.get());
    int before = errors.size();
    if (!Files.isDirectory(folder)) {
      errors.add("tessera.ingest.watch.dir=" + folder + " is not an existing directory");
    }
    WatchSettings defaults = WatchSettings.of(folder);
    String acquisitionId = config.acquisitionId().map(String::strip).orElse(defaults.acquisitionId());
    if (!AcquisitionIds.isLegal(acquisitionId)) {
      errors.add("tessera.ingest.watch.acquisition-id=" + acquisitionId + " is not legal: use 1 to 128 letters,"
          + " digits, '.', '_' or '-', starting with a letter or digit");
    }
    checkPositive("tessera.ingest.watch.stable-interval", config.stableInterval(), errors);
    checkPositive("tessera.ingest.watch.rescan-interval", config.rescanInterval(), errors);
    Path stateFile = config.stateFile().map(String::strip).filter(s -> !s.isEmpty()).map(Paths::get)
        .orElse(defaults.stateFile());
    Path stateParent = stateFile.toAbsolutePath().getParent();
    if (stateParent == null || !Files.isDirectory(stateParent)) {
      errors.add("tessera.ingest.watch.state-file=" + stateFile + " is not in an existing directory");
    } else if (Files.isDirectory(stateFile)) {
      errors.add("tessera.ingest.watch.state-file=" + stateFile + " is a directory, not a file");
    }
    if (errors.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new WatchSettings(folder, acquisitionId, config.stableInterval(), config.rescanInterval(), stateFile));
  }

  private static void checkPositive(String key, Duration value, List<String> errors) {
    if (value.isNegative() || value.isZero()) {
      errors.add(key + "=" + value + " is not a positive duration (such as 2s or 500ms)");
    }
  }
}
