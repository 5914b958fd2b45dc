package dev.tessera.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

  private static boolean[] mask(String... rows) {
    boolean[] m = new boolean[rows.length * rows[0].length()];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[0].length(); x++) {
        m[y * rows[0].length() + x] = rows[y].charAt(x) == '#';
      }
    }
    return m;
  }

  @Test
  void theF1CountsTheGivenInstancesWhileTheRandErrorKeepsTheConnectedComponents() {
    // three 2x3 cells side by side in a 6x3 image: one foreground blob, three true cells
    int w = 6;
    int h = 3;
    boolean[] fg = new boolean[w * h];
    java.util.Arrays.fill(fg, true);
    int[] truth = new int[w * h];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = i % w / 2 + 1;
    }

    Scores merged = Scores.of(fg, truth, fg, w, h);
    Scores split = Scores.of(fg, truth, fg, truth.clone(), w, h);

    assertThat(merged.f1()).isZero(); // one component over three cells: IoU 1/3 with each, no match
    assertThat(split.f1()).isEqualTo(1.0);
    assertThat(split.truePositives()).isEqualTo(3);
    assertThat(split.randError()).isEqualTo(merged.randError());
  }

  @Test
  void pixelErrorIsTheFractionOfDifferingPixels() {
    boolean[] truth = mask("##..", "##..");
    boolean[] pred = mask("#...", "##.#");
    assertThat(PixelMetrics.pixelError(truth, pred)).isEqualTo(2.0 / 8);
  }

  @Test
  void iouAndDiceOfTheForeground() {
    boolean[] truth = mask("###.", "....");
    boolean[] pred = mask(".###", "....");
    // intersection 2, union 4
    assertThat(PixelMetrics.iou(truth, pred)).isEqualTo(0.5);
    assertThat(PixelMetrics.dice(truth, pred)).isEqualTo(2.0 * 2 / 6);
    assertThat(PixelMetrics.iou(new boolean[3], new boolean[3])).isEqualTo(1);
  }

  @Test
  void randErrorOfAMergeOfTwoCells() {
    // truth: cells of 4 and 2 pixels separated by a membrane; prediction: one segment everywhere.
    boolean[] truth = mask("##.#", "##.#");
    boolean[] pred = mask("####", "####");
    // n = 6, p = {4, 2}: sum p^2 = 20; a = {4, 2}: 20; b = {6}: 36.
    // P = (20 - 6) / (36 - 6) = 14/30, R = (20 - 6) / (20 - 6) = 1, F = 28/44.
    RandError r = RandError.ofMasks(truth, pred, 4, 2);
    assertThat(r.precision()).isCloseTo(14.0 / 30, within(1e-12));
    assertThat(r.recall()).isCloseTo(1.0, within(1e-12));
    assertThat(r.error()).isCloseTo(1 - 28.0 / 44, within(1e-12));
  }

  @Test
  void randErrorOfASplitCellCountsPredictedBoundaryAsASegment() {
    // truth: one cell of 6 pixels; prediction splits it with a boundary column.
    boolean[] truth = mask("###", "###");
    boolean[] pred = mask("#.#", "#.#");
    // over the 6 truth pixels: predicted segments {2, 2} and boundary {2}: p = b = {2, 2, 2}.
    // sum p^2 = 12, a = {6}: 36, b: 12. P = (12 - 6) / (12 - 6) = 1, R = 6 / 30 = 0.2.
    RandError r = RandError.ofMasks(truth, pred, 3, 2);
    assertThat(r.precision()).isCloseTo(1, within(1e-12));
    assertThat(r.recall()).isCloseTo(0.2, within(1e-12));
    assertThat(r.error()).isCloseTo(1 - 2 * 0.2 / 1.2, within(1e-12));
  }

  @Test
  void randErrorEqualsScikitImagesAdaptedRandError() {
    // Expected values from scikit-image 0.19.3: adapted_rand_error(label(t, connectivity=1),
    // label(p, connectivity=1), ignore_labels=(0,)) on the same formula-generated masks.
    double[] expected = {0.8618110236220472, 0.8880764356049528, 0.8422047557456969};
    int w = 24;
    int h = 20;
    for (int seed = 1; seed <= 3; seed++) {
      boolean[] t = new boolean[w * h];
      boolean[] p = new boolean[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          t[y * w + x] = (x * x * 31 + y * 17 + seed * 7) % 11 < 7 && x % 6 != 0;
          p[y * w + x] = (x * 13 + y * y * 5 + seed * 3) % 9 < 6 && y % 5 != 0;
        }
      }
      assertThat(RandError.ofMasks(t, p, w, h).error()).isCloseTo(expected[seed - 1], within(1e-12));
    }
  }

  @Test
  void aPerfectSegmentationHasNoRandError() {
    boolean[] truth = mask("##.##", "##.##", ".....", "###.#");
    assertThat(RandError.ofMasks(truth, truth.clone(), 5, 4).error()).isZero();
  }

  @Test
  void randErrorIgnoresTruthBoundaryPixels() {
    boolean[] truth = mask("##..", "##..");
    boolean[] pred1 = mask("##..", "##..");
    boolean[] pred2 = mask("####", "####");
    assertThat(RandError.ofMasks(truth, pred1, 4, 2).error()).isZero();
    assertThat(RandError.ofMasks(truth, pred2, 4, 2).error()).isZero();
  }

  @Test
  void instanceF1CountsMatchesAtIouOneHalf() {
    int[] truth = {
        1, 1, 1, 1, 0, 2, 2, 0,
        1, 1, 1, 1, 0, 2, 2, 0};
    int[] pred = {
        5, 5, 5, 0, 0, 7, 0, 9,
        5, 5, 5, 0, 0, 0, 0, 9};
    // object 1 vs 5: 6 / 8 = 0.75 (match); object 2 vs 7: 1 / 4 (no); 9 matches nothing.
    InstanceMatching m = InstanceMatching.match(truth, pred, 0.5);
    assertThat(m.truePositives()).isEqualTo(1);
    assertThat(m.falsePositives()).isEqualTo(2);
    assertThat(m.falseNegatives()).isEqualTo(1);
    assertThat(m.f1()).isCloseTo(2.0 / 5, within(1e-12));
    assertThat(m.meanMatchedIou()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void aPredictedObjectCoveringTwoCellsMatchesOnlyOne() {
    // prediction 3 covers truth 1 and truth 2, IoU exactly 1/2 with each: one match, one miss.
    int[] truth = {1, 2, 0};
    int[] pred = {3, 3, 0};
    InstanceMatching m = InstanceMatching.match(truth, pred, 0.5);
    assertThat(m.truePositives()).isEqualTo(1);
    assertThat(m.falseNegatives()).isEqualTo(1);
    assertThat(m.falsePositives()).isZero();
  }
}
