package dev.tessera.stitcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tessera.testkit.ArchitectureRules;

/** Tessera's module rules ({@link ArchitectureRules}) for the stitcher module, plus the purity of assembly. */
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
}
