package dev.tessera.stitcher.service;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.stitcher.topology.StitcherSettings;

/**
 * Turns the service configuration into the core's settings: the one place where it is validated.
 * Every error names the configuration key and what it accepts (the core's constructors word them
 * so; the topic prefix is wrapped here).
 */
final class StitcherConfigs {

  static final String PREFIX_KEY = "tessera.topics.prefix";

  private StitcherConfigs() {}

  /** The stitcher settings. */
  static StitcherSettings settings(StitcherConfig s, KafkaConfig kafka) {
    InstanceOptions instances = new InstanceOptions(Connectivity.of(s.connectivity()), s.watershed(), s.watershedH());
    return new StitcherSettings(s.frameTimeout(), s.maxOpenFrames(), s.inOrder(), s.orderGrace(),
        s.foregroundClass(), instances, s.punctuateInterval(), limits(kafka));
  }

  /** Record-size limits from {@code tessera.kafka.*}. */
  static KafkaLimits limits(KafkaConfig config) {
    return new KafkaLimits(config.maxRecordBytes(), config.compression());
  }

  /** The topic registry under {@code tessera.topics.prefix}. */
  static Topics topics(TopicsConfig config) {
    try {
      return Topics.withPrefix(config.prefix());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX_KEY + "=" + config.prefix() + ": " + e.getMessage(), e);
    }
  }
}
