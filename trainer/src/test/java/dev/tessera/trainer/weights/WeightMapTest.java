package dev.tessera.trainer.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightMapTest {

  private static final int W = 8;
  private static final int H = 5;

  /** Two 3x3 squares, labels 1 (x 1..3) and 2 (x 4..6), rows 1..3, touching along x = 3|4. */
  private static int[] twoTouchingSquares() {
    int[] labels = new int[W * H];
    for (int y = 1; y <= 3; y++) {
      for (int x = 1; x <= 3; x++) {
        labels[y * W + x] = 1;
        labels[y * W + x + 3] = 2;
      }
    }
    return labels;
  }

  @Test
  void twoTouchingSquaresGetTheBorderTermInTheGapBetweenThem() {
    Targets t = Targets.fromInstances(twoTouchingSquares(), W, H, WeightMap.PAPER);
    // The gap is column 3 (square 1 loses its column touching square 2): square 1 is now x 1..2
    // (6 pixels), square 2 x 4..6 (9 pixels), background 40 - 15 = 25 pixels.
    assertThat(t.classes()[2 * W + 3]).isZero();
    assertThat(t.instances()[2 * W + 2]).isEqualTo(1);
    double wBackground = 1.0;
    double wCell = 25.0 / 15.0;
    float[] w = t.weights();
    // Gap pixel (3,2): nearest pixels of both squares are one step away: d1 = d2 = 1.
    assertThat(w[2 * W + 3]).isCloseTo((float) (wBackground + 10 * Math.exp(-4.0 / 50)), within(1e-5f));
    // Corner (0,0): square 1 at (1,1) is sqrt(2) away, square 2 at (4,1) sqrt(17).
    double s = Math.sqrt(2) + Math.sqrt(17);
    assertThat(w[0]).isCloseTo((float) (wBackground + 10 * Math.exp(-s * s / 50)), within(1e-5f));
    // (7,4): square 2 at (6,3) is sqrt(2), square 1 at (2,3) sqrt(26).
    double s2 = Math.sqrt(2) + Math.sqrt(26);
    assertThat(w[4 * W + 7]).isCloseTo((float) (wBackground + 10 * Math.exp(-s2 * s2 / 50)), within(1e-5f));
    // Gap pixel (3,0) above the squares: d1 = sqrt(2) to (2,1), d2 = sqrt(2) to (4,1).
    double s3 = 2 * Math.sqrt(2);
    assertThat(w[3]).isCloseTo((float) (wBackground + 10 * Math.exp(-s3 * s3 / 50)), within(1e-5f));
    // Cell pixels get the class weight only.
    assertThat(w[2 * W + 1]).isCloseTo((float) wCell, within(1e-6f));
    assertThat(w[2 * W + 5]).isCloseTo((float) wCell, within(1e-6f));
  }

  @Test
  void anIsolatedSquareHasNoBorderTerm() {
    int[] labels = new int[6 * 6];
    labels[2 * 6 + 2] = labels[2 * 6 + 3] = labels[3 * 6 + 2] = labels[3 * 6 + 3] = 5;
    Targets t = Targets.fromInstances(labels, 6, 6, WeightMap.PAPER);
    // 4 cell pixels, 32 background: w_c = 1 for background, 32 / 4 = 8 for the cell.
    for (int p = 0; p < 36; p++) {
      assertThat(t.weights()[p]).isEqualTo(labels[p] != 0 ? 8f : 1f);
    }
  }

  @Test
  void withoutClassBalanceAndBorderTermEveryWeightIsOne() {
    Targets t = Targets.fromInstances(twoTouchingSquares(), W, H, new WeightMap(0, 5, false));
    assertThat(t.weights()).containsOnly(1f);
  }

  @Test
  void aBinaryMaskIsSplitIntoItsComponents() {
    boolean[] fg = new boolean[W * H];
    for (int y = 1; y <= 3; y++) {
      fg[y * W + 1] = fg[y * W + 2] = true;
      fg[y * W + 4] = fg[y * W + 5] = fg[y * W + 6] = true;
    }
    Targets fromMask = Targets.fromMask(fg, W, H, WeightMap.PAPER);
    Targets fromInstances = Targets.fromInstances(twoTouchingSquares(), W, H, WeightMap.PAPER);
    assertThat(fromMask.classes()).containsExactly(fromInstances.classes());
    assertThat(fromMask.weights()).containsExactly(fromInstances.weights());
  }

  @Test
  void theCutoffKeepsTheDroppedTermNegligible() {
    WeightMap m = WeightMap.PAPER;
    double c = m.cutoff();
    assertThat(m.w0() * Math.exp(-c * c / (2 * m.sigma() * m.sigma()))).isLessThanOrEqualTo(1e-5 + 1e-12);
  }
}
