package dev.tessera.tracker.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The tracker service's configuration, {@code tessera.tracker.*} (or environment variables such
 * as {@code TESSERA_TRACKER_MAX_GAP}), beside the shared {@code tessera.kafka.*} and {@code
 * tessera.topics.*}. Checked together, once, by {@link TrackerConfigs} at start-up; the defaults
 * are those of {@link dev.tessera.tracker.topology.TrackerSettings#defaults()} and {@code
 * Linker.Options.DEFAULTS}.
 */
@ConfigMapping(prefix = "tessera.tracker")
public interface TrackerConfig {

  /** {@code tessera.tracker.application-id}: the Kafka Streams application id (consumer group, transactional ids). */
  @WithDefault(dev.tessera.tracker.topology.TrackerTopology.DEFAULT_APPLICATION_ID)
  String applicationId();

  /** The least overlap (intersection over union) of a cell with a track's last mask that links them. */
  @WithDefault("0.2")
  double minIou();

  /** How many frames a track may miss and still be continued. */
  @WithDefault("2")
  int maxGap();

  /** The share of an unmatched cell's area on a just-matched track's last mask that makes it a daughter. */
  @WithDefault("0.3")
  double divisionOverlap();

  /** How long (stream time) a frame's mask waits for its object table, or the other way round. */
  @WithDefault("2m")
  Duration pairTimeout();

  /** How long an acquisition must be quiet before its track summary is published. */
  @WithDefault("5m")
  Duration summaryAfter();

  /** How long a quiet acquisition's tracking state is kept. */
  @WithDefault("1d")
  Duration retention();

  /** How often timeouts and quiet acquisitions are checked. */
  @WithDefault("1s")
  Duration punctuateInterval();
}
