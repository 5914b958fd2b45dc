package dev.tessera.trainer.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.instances.ConnectedComponents;
import dev.tessera.imaging.instances.Connectivity;
import org.junit.jupiter.api.Test;

class LabelsTest {

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
    int components = ConnectedComponents.label(Labels.foreground(separated), 4, 3, Connectivity.FOUR).count();
    assertThat(components).isEqualTo(3);
  }
}
