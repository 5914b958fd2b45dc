package dev.tessera.cli;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.tessera.testkit.ArchitectureRules;

/** Tessera's module rules ({@link ArchitectureRules}) for the cli module. */
@AnalyzeClasses(packages = "dev.tessera.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule moduleRules = ArchitectureRules.forModule("cli");
}
