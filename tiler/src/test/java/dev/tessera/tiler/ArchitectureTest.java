package dev.tessera.tiler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tessera.testkit.ArchitectureRules;

/** Tessera's module rules ({@link ArchitectureRules}) for the tiler module, plus the purity of tiling. */
@AnalyzeClasses(packages = "dev.tessera.tiler", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.forModule("tiler");

  @ArchTest
  static final ArchRule tilingIsPure = noClasses()
      .that().resideInAPackage("dev.tessera.tiler.tiling..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.nio.file..")
      .because("cutting a frame into tiles is a pure function, without Kafka or I/O");
}
