package dev.tessera.imaging.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuminanceTest {

  @Test
  void weightsSumToOneSoGreyKeepsItsValueAt8And16Bits() {
    assertThat(Luminance.WEIGHT_R + Luminance.WEIGHT_G + Luminance.WEIGHT_B).isEqualTo(65536);
    for (int v : new int[] {0, 1, 127, 128, 255, 256, 4095, 32768, 65535}) {
      assertThat(Luminance.of(v, v, v)).isEqualTo(v);
    }
  }

  @Test
  void matchesBt601WithinHalfALevel() {
    for (int r = 0; r < 256; r += 15) {
      for (int g = 0; g < 256; g += 17) {
        for (int b = 0; b < 256; b += 51) {
          double exact = 0.299 * r + 0.587 * g + 0.114 * b;
          assertThat((double) Luminance.of(r, g, b)).isCloseTo(exact, org.assertj.core.api.Assertions.within(0.51));
        }
      }
    }
  }
}
