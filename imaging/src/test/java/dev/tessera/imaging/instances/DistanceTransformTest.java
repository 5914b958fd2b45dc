package dev.tessera.imaging.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {

  @Test
  void aSinglePixelGivesSquaredEuclideanDistances() {
    boolean[] f = new boolean[5 * 4];
    f[1 * 5 + 2] = true;
    double[] d = DistanceTransform.squared(f, 5, 4);
    assertThat(d).containsExactly(
        5, 2, 1, 2, 5,
        4, 1, 0, 1, 4,
        5, 2, 1, 2, 5,
        8, 5, 4, 5, 8);
  }

  @Test
  void noFeatureGivesInfinityEverywhere() {
    assertThat(DistanceTransform.squared(new boolean[6], 3, 2)).containsOnly(Double.POSITIVE_INFINITY);
  }

  @Test
  void matchesBruteForceOnRandomMasks() {
    SplittableRandom random = new SplittableRandom(42);
    for (int trial = 0; trial < 40; trial++) {
      int w = 1 + random.nextInt(23);
      int h = 1 + random.nextInt(17);
      double density = random.nextDouble() * 0.3;
      boolean[] f = new boolean[w * h];
      for (int i = 0; i < f.length; i++) {
        f[i] = random.nextDouble() < density;
      }
      f[random.nextInt(f.length)] = true;
      double[] d = DistanceTransform.squared(f, w, h);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double best = Double.POSITIVE_INFINITY;
          for (int q = 0; q < f.length; q++) {
            if (f[q]) {
              double dx = x - q % w;
              double dy = y - q / w;
              best = Math.min(best, dx * dx + dy * dy);
            }
          }
          assertThat(d[y * w + x]).as("trial %d at (%d,%d) in %dx%d", trial, x, y, w, h).isEqualTo(best);
        }
      }
    }
  }
}
