package dev.tessera.stitcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StitcherHealthTest {

  private static final Instant EVICTED = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void isSheddingForTheWindowAfterAnEvictionAndReadyAgainAfter() {
    Duration minute = Duration.ofMinutes(1);
    assertThat(StitcherHealth.shedding(Optional.empty(), EVICTED, minute)).isFalse();
    assertThat(StitcherHealth.shedding(Optional.of(EVICTED), EVICTED, minute)).isTrue();
    assertThat(StitcherHealth.shedding(Optional.of(EVICTED), EVICTED.plus(minute), minute)).isTrue();
    assertThat(StitcherHealth.shedding(Optional.of(EVICTED), EVICTED.plus(minute).plusMillis(1), minute)).isFalse();
    assertThat(StitcherHealth.shedding(Optional.of(EVICTED), EVICTED, Duration.ZERO)).as("0 turns it off").isFalse();
  }
}
