package dev.tessera.tiler.service;

import dev.tessera.schemas.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tessera.topics.*}: topic names and the start-up topic step. */
@ConfigMapping(prefix = "tessera.topics")
public interface TopicsConfig {

  /** The prefix of every topic name. */
  @WithDefault(Topics.DEFAULT_PREFIX)
  String prefix();

  /** Whether to create missing topics (and raise their record-size limit) at start-up. */
  @WithDefault("true")
  boolean create();
}
