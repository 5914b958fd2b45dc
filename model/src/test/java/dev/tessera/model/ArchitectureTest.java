package dev.tessera.model;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tessera.testkit.ArchitectureRules;

/** Tessera's module rules ({@link ArchitectureRules}) for the model module. */
@AnalyzeClasses(packages = "dev.tessera.model", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.forModule("model");
}
