package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class JqwikProbeTest {
  @Property(tries = 50)
  void probeRuns(@ForAll @IntRange(min = 0, max = 10) int v) {
    assertThat(v).isBetween(0, 10);
  }

  @Property(tries = 5)
  void probeFails(@ForAll int v) {
    assertThat(v).isEqualTo(Integer.MIN_VALUE + 7);
  }
}
