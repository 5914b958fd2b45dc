package dev.tessera.imaging.instances;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HungarianTest {

  @Test
  void findsTheLargestTotalWhereTheGreedyChoiceDoesNot() {
    // Greedy takes 0.9 first and is left with 0.1 (1.0); the optimum pairs 0.8 and 0.85 (1.65).
    assertThat(Hungarian.maximise(new double[][] {{0.9, 0.8}, {0.85, 0.1}})).containsExactly(1, 0);
  }

  @Test
  void leavesRowsUnassignedWhenThereAreMoreRowsThanColumnsAndPicksAmongColumnsOtherwise() {
    assertThat(Hungarian.maximise(new double[][] {{0.2}, {0.7}, {0.1}})).containsExactly(-1, 0, -1);
    assertThat(Hungarian.maximise(new double[][] {{0.1, 0.2, 0.9}})).containsExactly(2);
    assertThat(Hungarian.maximise(new double[0][])).isEmpty();
  }
}
