package dev.tessera.service;

import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tessera.topics.*}, the same in every service. */
@ConfigMapping(prefix = "tessera.topics")
public interface TopicsConfig {

  /** {@code tessera.topics.prefix}: topics are {@code <prefix>frames}, {@code <prefix>tiles}, ... */
  @WithDefault(Topics.DEFAULT_PREFIX)
  String prefix();

  /** {@code tessera.topics.create}: create missing topics at start-up (idempotent). */
  @WithDefault("true")
  boolean create();

  /** {@code tessera.topics.replication-factor}: replicas of each topic Tessera creates (1 on a one-broker cluster). */
  @WithDefault("" + TopicSettings.PRODUCTION_REPLICATION_FACTOR)
  short replicationFactor();

  /** {@code tessera.topics.min-insync-replicas}: replicas that must have each write (1 on a one-broker cluster). */
  @WithDefault("" + TopicSettings.PRODUCTION_MIN_INSYNC_REPLICAS)
  int minInsyncReplicas();
}
