package dev.tessera.stitcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering BRIEF.md asks for, enforced on the stitcher's main classes. */
@AnalyzeClasses(packages = "dev.tessera.stitcher", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreImportsNoFramework = noClasses()
      .that().resideInAnyPackage("dev.tessera.stitcher.assembly..", "dev.tessera.imaging.instances..",
          "dev.tessera.stitcher.topology..")
      .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "org.eclipse.microprofile..",
          "io.micrometer..", "io.smallrye..")
      .because("the core also runs inside the cli's local mode, without Quarkus");

  @ArchTest
  static final ArchRule noInferenceRuntimes = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..")
      .because("only dev.tessera.model.runtime imports ONNX Runtime and only the trainer imports DJL");

  @ArchTest
  static final ArchRule pixelCoresKnowNoKafka = noClasses()
      .that().resideInAnyPackage("dev.tessera.stitcher.assembly..", "dev.tessera.imaging.instances..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.tessera.stitcher.topology..",
          "dev.tessera.stitcher.service..")
      .because("assembly and instances are pure functions on pixels");

  @ArchTest
  static final ArchRule instancesKnowNoAssembly = noClasses()
      .that().resideInAPackage("dev.tessera.imaging.instances..")
      .should().dependOnClassesThat().resideInAPackage("dev.tessera.stitcher.assembly..");

  @ArchTest
  static final ArchRule onlyTheServiceIsWiring = noClasses()
      .that().resideOutsideOfPackage("dev.tessera.stitcher.service..")
      .should().dependOnClassesThat().resideInAPackage("dev.tessera.stitcher.service..");
}
