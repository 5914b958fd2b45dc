package dev.tessera.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthLogTest {

  @Test
  void aStatusIsReportedWhenItChangesNotAtEveryProbe() {
    String check = "check-" + System.nanoTime();
    assertThat(HealthLog.changed(check, false)).isTrue(); // first DOWN: logged
    assertThat(HealthLog.changed(check, false)).isFalse(); // the same DOWN, probe after probe: silent
    assertThat(HealthLog.changed(check, false)).isFalse();
    assertThat(HealthLog.changed(check, true)).isTrue(); // back UP: logged
    assertThat(HealthLog.changed(check, true)).isFalse();
    assertThat(HealthLog.changed(check, false)).isTrue();
  }

  @Test
  void aCheckThatStartsUpIsNotNews() {
    assertThat(HealthLog.changed("fresh-" + System.nanoTime(), true)).isFalse();
  }
}
