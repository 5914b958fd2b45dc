package dev.tessera.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The FMA kernel runs in its child JVM and reports a rate with the vector width it used. */
class FmaPeakTest {

  @Test
  void theKernelReportsAPositiveRateOnTheThreadsItWasGiven() {
    FmaPeak.Result r = FmaPeak.measure(1);

    assertThat(r.threads()).isEqualTo(1);
    assertThat(r.lanes()).isIn(4, 8, 16); // SSE/NEON, AVX2, AVX-512 floats
    assertThat(r.gflops()).isPositive();
    assertThat(r.describe()).endsWith("(FP32 FMA, 1 threads, " + r.lanes() + " lanes)");
  }
}
