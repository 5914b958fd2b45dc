package dev.tessera.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcquisitionIdsTest {

  @Test
  void acceptsLettersDigitsDotsUnderscoresAndDashes() {
    assertThat(AcquisitionIds.isLegal("plate-7_run.2")).isTrue();
    assertThat(AcquisitionIds.isLegal("a".repeat(128))).isTrue();
  }

  @Test
  void refusesSlashesSpacesEmptyAndOverlongIds() {
    assertThat(AcquisitionIds.isLegal("a/b")).isFalse();
    assertThat(AcquisitionIds.isLegal("a b")).isFalse();
    assertThat(AcquisitionIds.isLegal("")).isFalse();
    assertThat(AcquisitionIds.isLegal(null)).isFalse();
    assertThat(AcquisitionIds.isLegal("-a")).isFalse();
    assertThat(AcquisitionIds.isLegal("a".repeat(129))).isFalse();
  }

  @Test
  void derivesALegalIdFromAFolderName() {
    assertThat(AcquisitionIds.fromName("2026-05-01 run 3")).isEqualTo("2026-05-01-run-3");
    assertThat(AcquisitionIds.fromName(".hidden/é")).isEqualTo("hidden");
    assertThat(AcquisitionIds.fromName("///")).isEqualTo("acquisition");
  }
}
