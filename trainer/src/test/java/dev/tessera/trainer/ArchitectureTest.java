package dev.tessera.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tessera.testkit.ArchitectureRules;

/** Tessera's module rules ({@link ArchitectureRules}) for the trainer, plus where DJL may be used. */
@AnalyzeClasses(packages = "dev.tessera.trainer", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.forModule("trainer");

  @ArchTest
  static final ArchRule djlStaysOutOfTheDataAndMetricsCores = noClasses().that()
      .resideInAnyPackage("dev.tessera.trainer.metrics..", "dev.tessera.trainer.weights..",
          "dev.tessera.trainer.augment..", "dev.tessera.trainer.synth..", "dev.tessera.trainer.data..",
          "dev.tessera.trainer.image..")
      .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
      .because("metrics, targets, augmentation and data are pure Java, usable without a deep-learning engine");
}
