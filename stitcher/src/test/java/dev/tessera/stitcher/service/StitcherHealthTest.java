package dev.tessera.stitcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StitcherHealthTest {

  private static final Instant EVICTED = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void isSheddingForOneMinuteAfterAnEvictionAndReadyAgainAfter() {
    assertThat(StitcherHealth.shedding(Optional.empty(), EVICTED)).isFalse();
    assertThat(StitcherHealth.shedding(Optional.of(EVICTED), EVICTED)).isTrue();
    assertThat(StitcherHealth.shedding(Optional.of(EVICTED), EVICTED.plus(StitcherHealth.SHEDDING_WINDOW)))
        .isTrue();
    assertThat(StitcherHealth.shedding(Optional.of(EVICTED),
        EVICTED.plus(StitcherHealth.SHEDDING_WINDOW).plusMillis(1))).isFalse();
  }
}
