package dev.tessera.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.model.ModelCard;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  /** Four pixels of a background / cell / boundary model, class-major. */
  private static final float[] PROBABILITIES = {
      0.50f, 0.30f, 0.20f, 0.10f, // background
      0.40f, 0.30f, 0.45f, 0.45f, // cell
      0.10f, 0.40f, 0.35f, 0.45f, // boundary
  };

  @Test
  void withoutAThresholdEachPixelTakesItsMostProbableClassTiesToTheLowerClass() {
    assertThat(Evaluator.classLabels(PROBABILITIES, 3, 4, 1, ModelCard.ARGMAX)).containsExactly(0, 2, 1, 1);
  }

  @Test
  void aThresholdMakesTheForegroundClassWhereItsProbabilityReachesItElseTheMostProbableOtherClass() {
    assertThat(Evaluator.classLabels(PROBABILITIES, 3, 4, 1, 0.4)).containsExactly(1, 2, 1, 1);
    assertThat(Evaluator.classLabels(PROBABILITIES, 3, 4, 1, 0.5)).containsExactly(0, 2, 2, 2);
  }
}
