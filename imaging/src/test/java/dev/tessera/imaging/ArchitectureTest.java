package dev.tessera.imaging;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tessera.testkit.ArchitectureRules;

/** Tessera's module rules ({@link ArchitectureRules}) for the imaging module, plus the purity of its pixel cores. */
@AnalyzeClasses(packages = "dev.tessera.imaging", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.forModule("imaging");

  @ArchTest
  static final ArchRule geometryAndNormalizationArePure = noClasses()
      .that().resideInAnyPackage("dev.tessera.imaging.geometry..", "dev.tessera.imaging.normalize..",
          "dev.tessera.imaging.instances..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.nio.file..", "javax.imageio..")
      .because("geometry, normalization and instances are pure functions on numbers and pixels, without I/O");
}
