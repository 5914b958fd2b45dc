package dev.tessera.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering rules of BRIEF.md / STYLE.md, enforced on the trainer's classes. */
@AnalyzeClasses(packages = "dev.tessera.trainer", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noQuarkusCdiOrMicroprofile = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("io.quarkus..", "jakarta..", "org.eclipse.microprofile..")
      .because("the trainer is plain Java that the cli's local mode runs in one JVM");

  @ArchTest
  static final ArchRule onnxRuntimeOnlyThroughTheInferenceModel = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("ai.onnxruntime..")
      .because("only dev.tessera.model.runtime touches ONNX Runtime; the trainer uses UNetModel");

  @ArchTest
  static final ArchRule djlStaysOutOfTheDataAndMetricsCores = noClasses().that()
      .resideInAnyPackage("dev.tessera.trainer.metrics..", "dev.tessera.trainer.weights..",
          "dev.tessera.trainer.augment..", "dev.tessera.trainer.synth..", "dev.tessera.trainer.data..",
          "dev.tessera.trainer.image..")
      .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
      .because("metrics, targets, augmentation and data are pure Java, usable without a deep-learning engine");
}
