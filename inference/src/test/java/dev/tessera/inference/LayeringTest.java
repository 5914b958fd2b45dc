package dev.tessera.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module's layering (BRIEF, STYLE.md habits 1, 4 and 5), enforced rather than remembered. */
@AnalyzeClasses(packages = "dev.tessera.inference", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule theCoreImportsNoQuarkusCdiOrMicroProfile = noClasses()
      .that().resideOutsideOfPackage("dev.tessera.inference.service..")
      .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "org.eclipse.microprofile..",
          "io.smallrye..", "io.micrometer..")
      .because("the core runs unchanged inside the cli's local mode");

  @ArchTest
  static final ArchRule onlyTheModelPackageImportsOnnxRuntime = noClasses()
      .that().resideOutsideOfPackage("dev.tessera.model.runtime..")
      .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..")
      .because("one class family owns ONNX Runtime's native resources");

  @ArchTest
  static final ArchRule nothingImportsDjl = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
      .because("only the trainer uses DJL");
}
