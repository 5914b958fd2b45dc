package dev.tessera.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void aConstantScheduleKeepsTheBaseRateAfterItsWarmUp() {
    LearningRateSchedule s = LearningRateSchedule.parse("constant");
    assertThat(s.rate(0.01, 1, 100)).isEqualTo(0.01);
    assertThat(s.rate(0.01, 100, 100)).isEqualTo(0.01);
  }

  @Test
  void theCosineScheduleWarmsUpLinearlyThenDecaysToOnePercentAtTheLastStep() {
    LearningRateSchedule s = LearningRateSchedule.parse("cosine:10");
    assertThat(s.rate(1.0, 1, 110)).isEqualTo(0.1, offset(1e-12));
    assertThat(s.rate(1.0, 5, 110)).isEqualTo(0.5, offset(1e-12));
    assertThat(s.rate(1.0, 10, 110)).isEqualTo(1.0, offset(1e-12));
    // half way through the decay: the mean of the base and the floor
    assertThat(s.rate(1.0, 60, 110)).isEqualTo((1.0 + 0.01) / 2, offset(1e-12));
    assertThat(s.rate(1.0, 110, 110)).isEqualTo(0.01, offset(1e-12));
    assertThat(s.toString()).isEqualTo("cosine:10");
  }

  @Test
  void aBadScheduleNamesTheOptionAndTheAllowedValues() {
    assertThatThrownBy(() -> LearningRateSchedule.parse("step")).hasMessageContaining("--schedule must be constant");
    assertThatThrownBy(() -> LearningRateSchedule.parse("cosine:x")).hasMessageContaining("cosine:WARMUP_STEPS");
  }
}
