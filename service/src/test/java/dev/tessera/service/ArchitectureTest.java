package dev.tessera.service;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tessera.testkit.ArchitectureRules;

/** Tessera's module rules ({@link ArchitectureRules}) for the service module. */
@AnalyzeClasses(packages = "dev.tessera.service", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.forModule("service");
}
