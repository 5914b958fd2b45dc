package dev.tessera.imaging;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What imaging must not depend on, enforced on its main classes. */
@AnalyzeClasses(packages = "dev.tessera.imaging", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noKafkaFrameworkOrInferenceRuntime = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("org.apache.kafka..", "io.quarkus..", "jakarta..", "org.eclipse.microprofile..",
          "ai.onnxruntime..", "ai.djl..")
      .because("every stage and the trainer read, write and draw images through imaging, each without the others'"
          + " runtimes");
}
