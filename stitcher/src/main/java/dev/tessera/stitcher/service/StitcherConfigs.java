package dev.tessera.stitcher.service;

import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.service.ConfigErrors;
import dev.tessera.stitcher.topology.StitcherSettings;

/**
 * Turns {@code tessera.stitcher.*} into the core's settings: the one place where it is validated.
 * The core names each setting by its short name; the key prefix is added here.
 */
final class StitcherConfigs {

  static final String KEY_PREFIX = "tessera.stitcher.";

  private StitcherConfigs() {}

  /** The stitcher settings. */
  static StitcherSettings settings(StitcherConfig s, KafkaLimits limits) {
    return ConfigErrors.withPrefix(KEY_PREFIX, () -> {
      InstanceOptions instances = new InstanceOptions(Connectivity.of(s.connectivity()), s.watershed(),
          s.watershedH());
      return new StitcherSettings(s.frameTimeout(), s.maxOpenFrames(), s.inOrder(), s.orderGrace(),
          s.foregroundClass(), instances, s.punctuateInterval(), limits);
    });
  }
}
