package dev.tessera.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OtsuBaselineTest {

  @Test
  void separatesTwoIntensityPopulationsExactly() {
    int w = 64;
    int h = 48;
    float[] image = new float[w * h];
    boolean[] cells = new boolean[w * h];
    Random random = new Random(3);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean inCell = (x - 20) * (x - 20) + (y - 20) * (y - 20) < 100 || (x > 40 && x < 55 && y > 25 && y < 40);
        cells[y * w + x] = inCell;
        // two populations far apart: dark 0.1-0.3, bright 0.7-0.9
        image[y * w + x] = (inCell ? 0.7f : 0.1f) + 0.2f * random.nextFloat();
      }
    }

    assertThat(OtsuBaseline.foreground(image, w, h, 0)).isEqualTo(cells);
    assertThat(OtsuBaseline.threshold(image)).isBetween(0.3, 0.7);
  }

  @Test
  void aFlatImageHasNoForeground() {
    float[] flat = new float[100];
    java.util.Arrays.fill(flat, 0.4f);

    assertThat(OtsuBaseline.foreground(flat, 10, 10, OtsuBaseline.DEFAULT_SIGMA)).containsOnly(false);
  }
}
