package dev.tessera.stitcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tessera.testkit.ArchitectureRules;

/**
 * Tessera's module rules ({@link ArchitectureRules}) for the stitcher module, plus the purity of assembly and the
 * independence of the live view.
 */
@AnalyzeClasses(packages = "dev.tessera.stitcher", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.forModule("stitcher");

  @ArchTest
  static final ArchRule assemblyKnowsNoKafka = noClasses()
      .that().resideInAPackage("dev.tessera.stitcher.assembly..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.tessera.stitcher.topology..",
          "dev.tessera.stitcher.service..")
      .because("assembly is a pure function on tile masks and pixels");

  @ArchTest
  static final ArchRule viewReadsOnlyThePipelinesOutputs = noClasses()
      .that().resideInAPackage("dev.tessera.stitcher.view..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..",
          "dev.tessera.stitcher.topology..", "dev.tessera.stitcher.assembly..", "dev.tessera.stitcher.service..")
      .because("the live view reads the output topics with a plain consumer; the launcher's tessera view runs it"
          + " without the stitching or the service");
}
