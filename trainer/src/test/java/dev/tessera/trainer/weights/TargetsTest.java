package dev.tessera.trainer.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tessera.imaging.testing.Pictures;
import org.junit.jupiter.api.Test;

class TargetsTest {

  /** Class map from rows: '.' background, '#' cell (interior), 'b' boundary. */
  private static int[] classes(String... rows) {
    return Pictures.codes(".#b", rows);
  }

  private static int[] labels(String... rows) {
    return Pictures.codes(".12", rows);
  }

  @Test
  void aBoundaryClassMarksEachSeparatedCellsInnerOutline() {
    int[] touching = labels(
        "........",
        ".111222.",
        ".111222.",
        ".111222.",
        "........");

    Targets t = Targets.fromInstances(touching, 8, 5, new WeightMap(10, 5, true), true);

    // Cell 1 loses its column touching cell 2 (the gap); a two-pixel-wide cell is all outline.
    assertThat(t.classes()).containsExactly(classes(
        "........",
        ".bb.bbb.",
        ".bb.b#b.",
        ".bb.bbb.",
        "........"));
    // Balanced classes: 25 background, 1 interior, 14 boundary pixels.
    assertThat(t.weights()[2 * 8 + 5]).isCloseTo(25f, within(1e-5f));
    assertThat(t.weights()[8 + 1]).isCloseTo(25f / 14, within(1e-5f));
  }

  @Test
  void theImageEdgeIsNotAnOutline() {
    int[] atEdge = labels(
        "111..",
        "111..",
        "111..",
        ".....");

    Targets t = Targets.fromInstances(atEdge, 5, 4, WeightMap.PAPER, true);

    assertThat(t.classes()).containsExactly(classes(
        "##b..",
        "##b..",
        "bbb..",
        "....."));
  }

  @Test
  void withoutABoundaryClassEveryCellPixelIsClassCell() {
    Targets t = Targets.fromInstances(labels("11.", "11."), 3, 2, WeightMap.PAPER, false);

    assertThat(t.classes()).containsExactly(classes("##.", "##."));
  }
}
