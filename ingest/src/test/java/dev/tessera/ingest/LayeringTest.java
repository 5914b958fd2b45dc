package dev.tessera.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core runs without Quarkus (the cli's local mode uses it): only {@code service} may wire it. */
class LayeringTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tessera.ingest");

  @Test
  void corePackagesImportNoQuarkusJakartaOrMicroProfile() {
    noClasses().that().resideOutsideOfPackage("dev.tessera.ingest.service..")
        .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "org.eclipse.microprofile..",
            "io.smallrye..", "io.vertx..", "io.micrometer..")
        .check(CLASSES);
  }

  @Test
  void nothingOutsideTheServiceDependsOnIt() {
    noClasses().that().resideOutsideOfPackage("dev.tessera.ingest.service..")
        .should().dependOnClassesThat().resideInAPackage("dev.tessera.ingest.service..")
        .check(CLASSES);
  }

  @Test
  void noIngestClassImportsOnnxRuntimeOrDjl() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..").check(CLASSES);
  }

  @Test
  void readersKnowNothingOfKafka() {
    noClasses().that().resideInAPackage("dev.tessera.imaging.io..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
        .check(CLASSES);
  }
}
