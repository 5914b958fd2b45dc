package dev.tessera.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void takesNearestRankPercentiles() {
    double[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertThat(Summary.percentile(sorted, 50)).isEqualTo(50);
    assertThat(Summary.percentile(sorted, 99)).isEqualTo(100);
    assertThat(Summary.percentile(sorted, 10)).isEqualTo(10);
    assertThat(Summary.percentile(new double[0], 50)).isZero();
  }

  @Test
  void reportsThroughputOfTheFramesThatCameBack() {
    Summary s = new Summary("a", 10, 8, 8, 100, 2, 4.0, 2.5, 100, 200, "m", "cpu");
    assertThat(s.framesPerSecond()).isEqualTo(2.0);
    assertThat(s.megapixelsPerSecond()).isEqualTo(0.5);
    assertThat(s.complete()).isFalse();
    assertThat(s.toText()).contains("10 published, 8 masks (2 missing)");
  }
}
