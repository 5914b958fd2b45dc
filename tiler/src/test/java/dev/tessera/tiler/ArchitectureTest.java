package dev.tessera.tiler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of BRIEF/STYLE: a plain-Java core, Quarkus only in the service package. */
@AnalyzeClasses(packages = "dev.tessera.tiler", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreImportsNoQuarkusCdiOrMicroProfile = noClasses()
      .that().resideInAPackage("dev.tessera.tiler..")
      .and().resideOutsideOfPackage("dev.tessera.tiler.service..")
      .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "org.eclipse.microprofile..",
          "io.smallrye..", "io.micrometer..")
      .because("the local mode runs the same core without Quarkus");

  @ArchTest
  static final ArchRule noOnnxRuntimeInTheTiler = noClasses()
      .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
      .because("only dev.tessera.model.runtime loads ONNX Runtime; the tiler reads model cards with protobuf");

  @ArchTest
  static final ArchRule noDjlInTheTiler = noClasses()
      .should().dependOnClassesThat().resideInAPackage("ai.djl..")
      .because("only the trainer imports DJL");

  @ArchTest
  static final ArchRule geometryIsPure = noClasses()
      .that().resideInAnyPackage("dev.tessera.imaging.geometry..", "dev.tessera.imaging.normalize..",
          "dev.tessera.tiler.tiling..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.nio.file..")
      .because("geometry, normalization and tiling are pure functions without Kafka or I/O");
}
