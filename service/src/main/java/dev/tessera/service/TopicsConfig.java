package dev.tessera.service;

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
}
