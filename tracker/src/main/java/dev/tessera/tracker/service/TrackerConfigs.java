package dev.tessera.tracker.service;

import dev.tessera.imaging.tracking.Linker;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.service.ConfigErrors;
import dev.tessera.tracker.topology.TrackerSettings;

/** Turns {@code tessera.tracker.*} into the core's settings: the one place where it is validated. */
final class TrackerConfigs {

  static final String KEY_PREFIX = "tessera.tracker.";

  private TrackerConfigs() {}

  static TrackerSettings settings(TrackerConfig c, KafkaLimits limits) {
    return ConfigErrors.withPrefix(KEY_PREFIX, () -> new TrackerSettings(
        new Linker.Options(c.minIou(), c.maxGap(), c.divisionOverlap()), c.pairTimeout(), c.summaryAfter(),
        c.retention(), c.punctuateInterval(), limits));
  }
}
