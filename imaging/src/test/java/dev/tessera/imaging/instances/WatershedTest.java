package dev.tessera.imaging.instances;

import static dev.tessera.imaging.instances.InstancesTest.mask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WatershedTest {

  /** Two 5x5 cells joined by a 1-pixel-wide, 2-pixel-long neck. */
  private static final String[] DUMBBELL = {
      "..............",
      ".#####..#####.",
      ".#####..#####.",
      ".############.",
      ".#####..#####.",
      ".#####..#####.",
      ".............."};

  @Test
  void computesExactEuclideanDistancesToTheNearestBackgroundPixel() {
    float[] d = DistanceTransform.euclidean(mask(
        "#####",
        "#####",
        "##.##",
        "#####"), 5, 4);

    float r2 = (float) Math.sqrt(2);
    float r5 = (float) Math.sqrt(5);
    float r8 = (float) Math.sqrt(8);
    assertThat(d).containsExactly(
        r8, r5, 2, r5, r8,
        r5, r2, 1, r2, r5,
        2, 1, 0, 1, 2,
        r5, r2, 1, r2, r5);
  }

  @Test
  void matchesABruteForceDistanceTransformOnRandomMasks() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      int w = 1 + random.nextInt(23);
      int h = 1 + random.nextInt(23);
      byte[] m = new byte[w * h];
      double density = random.nextDouble();
      for (int i = 0; i < m.length; i++) {
        m[i] = random.nextDouble() < density ? (byte) 1 : 0;
      }
      float[] fast = DistanceTransform.euclidean(m, w, h);
      for (int p = 0; p < m.length; p++) {
        double best = Double.POSITIVE_INFINITY;
        for (int q = 0; q < m.length; q++) {
          if (m[q] == 0) {
            double dx = p % w - q % w;
            double dy = p / w - q / w;
            best = Math.min(best, dx * dx + dy * dy);
          }
        }
        float expected = m[p] == 0 ? 0f : (float) Math.sqrt(best);
        assertThat(fast[p]).as("pixel %d of %dx%d", p, w, h).isEqualTo(expected);
      }
    }
  }

  @Test
  void givesInfiniteDistancesWhenThereIsNoBackground() {
    assertThat(DistanceTransform.euclidean(mask("##", "##"), 2, 2)).containsOnly(Float.POSITIVE_INFINITY);
  }

  @Test
  void keepsTouchingCellsTogetherWithoutWatershed() {
    Instances cells = InstanceOptions.defaults().label(mask(DUMBBELL), 14, 7);

    assertThat(cells.count()).isEqualTo(1);
  }

  @Test
  void splitsTwoCellsJoinedByANeckAtTheNeck() {
    Instances cells = Watershed.split(mask(DUMBBELL), 14, 7, Connectivity.FOUR, 1.0);

    assertThat(cells.count()).isEqualTo(2);
    assertThat(cells.labels()).containsExactly(
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 0, 0, 2, 2, 2, 2, 2, 0,
        0, 1, 1, 1, 1, 1, 0, 0, 2, 2, 2, 2, 2, 0,
        0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 0,
        0, 1, 1, 1, 1, 1, 0, 0, 2, 2, 2, 2, 2, 0,
        0, 1, 1, 1, 1, 1, 0, 0, 2, 2, 2, 2, 2, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void keepsTheCellsTogetherWhenTheValleyIsNotDeeperThanH() {
    // The centres lie at distance 3, the neck at 1: a valley 2 deep.
    assertThat(Watershed.split(mask(DUMBBELL), 14, 7, Connectivity.FOUR, 2.0).count()).isEqualTo(1);
    assertThat(Watershed.split(mask(DUMBBELL), 14, 7, Connectivity.FOUR, 1.99).count()).isEqualTo(2);
  }

  @Test
  void neverMergesSeparateComponents() {
    Random random = new Random(11);
    for (int trial = 0; trial < 30; trial++) {
      int w = 5 + random.nextInt(40);
      int h = 5 + random.nextInt(40);
      byte[] m = new byte[w * h];
      for (int i = 0; i < m.length; i++) {
        m[i] = random.nextInt(3) > 0 ? (byte) 1 : 0;
      }
      Instances components = ConnectedComponents.label(m, w, h, Connectivity.FOUR);
      Instances split = Watershed.split(m, w, h, Connectivity.FOUR, 0.5);
      assertThat(split.count()).isGreaterThanOrEqualTo(components.count());
      int[] componentOf = new int[split.count() + 1];
      for (int p = 0; p < m.length; p++) {
        assertThat(split.labels()[p] == 0).isEqualTo(m[p] == 0);
        int l = split.labels()[p];
        if (l != 0) {
          if (componentOf[l] == 0) {
            componentOf[l] = components.labels()[p];
          }
          assertThat(components.labels()[p]).as("cell %d stays in one component", l).isEqualTo(componentOf[l]);
        }
      }
    }
  }

  @Test
  void refusesANegativeH() {
    assertThatThrownBy(() -> Watershed.split(mask("#"), 1, 1, Connectivity.FOUR, -1))
        .hasMessage("watershed-h=-1.0 must be at least 0");
  }
}
