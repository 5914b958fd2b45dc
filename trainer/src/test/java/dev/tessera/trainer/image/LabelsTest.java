package dev.tessera.trainer.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {

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
  void componentsUseFourConnectivityAndRasterOrder() {
    int[] labels = Labels.components(mask(
        "##..#",
        "#..#.",
        "..##."), 5, 3);
    assertThat(labels).containsExactly(
        1, 1, 0, 0, 2,
        1, 0, 0, 3, 0,
        0, 0, 3, 3, 0);
  }

  @Test
  void touchingObjectsGetAOnePixelGapTakenFromTheSmallerLabel() {
    int[] labels = {
        1, 1, 2, 2,
        1, 1, 2, 2,
        0, 3, 3, 0};
    assertThat(Labels.separateTouching(labels, 4, 3)).containsExactly(
        1, 0, 2, 2,
        1, 0, 0, 2,
        0, 3, 3, 0);
  }

  @Test
  void separatedObjectsAreTheirOwnComponents() {
    int[] labels = {
        1, 1, 2, 2,
        1, 1, 2, 2,
        3, 3, 3, 3};
    int[] separated = Labels.separateTouching(labels, 4, 3);
    int[] components = Labels.components(separated, 4, 3);
    assertThat(Labels.max(components)).isEqualTo(3);
  }

  @Test
  void relabelNumbersObjectsByFirstAppearance() {
    assertThat(Labels.relabel(new int[] {0, 7, 7, 3, 0, 9, 3})).containsExactly(0, 1, 1, 2, 0, 3, 2);
  }
}
