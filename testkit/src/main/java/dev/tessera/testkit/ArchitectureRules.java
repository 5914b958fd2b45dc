package dev.tessera.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The module rules of Tessera, checked by every module's {@code ArchitectureTest} (all named
 * alike, each calling {@link #forModule(String)}):
 *
 * <pre>
 *   schemas  <-  imaging  <-  model  <-  trainer
 *      ^           ^   ^        ^
 *   service      stages ----- (inference)        cli: everything but the service layers
 * </pre>
 *
 * <ul>
 *   <li>no stage imports another stage, the trainer or the launcher;
 *   <li>the shared modules (schemas, imaging, model, service) import no stage;
 *   <li>the trainer imports no serving code;
 *   <li>stage cores import no Quarkus, CDI, MicroProfile or Micrometer: only a stage's {@code
 *       service} package does, and only it uses the {@code service} module;
 *   <li>only {@code dev.tessera.model.runtime} imports ONNX Runtime, only the trainer imports DJL.
 * </ul>
 */
public final class ArchitectureRules {

  private static final Set<String> STAGES = Set.of("tiler", "inference", "stitcher", "tracker", "ingest");

  /** Each module's root packages and the Tessera modules it may use. */
  private static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("schemas", List.of());
    ALLOWED.put("imaging", List.of("schemas"));
    ALLOWED.put("model", List.of("schemas", "imaging"));
    ALLOWED.put("service", List.of("schemas"));
    ALLOWED.put("tiler", List.of("schemas", "imaging", "service"));
    ALLOWED.put("inference", List.of("schemas", "imaging", "model", "service"));
    ALLOWED.put("stitcher", List.of("schemas", "imaging", "service"));
    ALLOWED.put("tracker", List.of("schemas", "imaging", "service"));
    ALLOWED.put("ingest", List.of("schemas", "imaging", "service"));
    ALLOWED.put("trainer", List.of("schemas", "imaging", "model"));
    ALLOWED.put("cli", List.of("schemas", "imaging", "model", "tiler", "inference", "stitcher", "tracker", "ingest",
        "trainer", "testkit"));
    ALLOWED.put("testkit", List.of());
  }

  private static final String[] FRAMEWORKS = {"io.quarkus..", "jakarta..", "org.eclipse.microprofile..",
      "io.smallrye..", "io.micrometer..", "io.vertx.."};

  private ArchitectureRules() {}

  /** Every rule that applies to the classes of {@code module} (e.g. {@code "tiler"}). */
  public static ArchRule forModule(String module) {
    if (!ALLOWED.containsKey(module)) {
      throw new IllegalArgumentException("unknown module " + module + "; modules are " + ALLOWED.keySet());
    }
    List<ArchRule> rules = new ArrayList<>();
    String own = packagesOf(module)[0];
    List<String> forbidden = new ArrayList<>();
    for (String other : ALLOWED.keySet()) {
      if (!other.equals(module) && !ALLOWED.get(module).contains(other)) {
        forbidden.addAll(List.of(packagesOf(other)));
      }
    }
    String why = STAGES.contains(module) ? "a stage depends only on the shared modules below it, never on another"
        + " stage, so each deploys alone" : module.equals("trainer") ? "the trainer imports no serving code: it"
        + " needs geometry, images and the model, nothing of the pipeline" : module.equals("cli")
        ? "the launcher runs the stage cores, not their Quarkus wiring" : "the shared modules sit under every stage";
    rules.add(noClasses().that().resideInAnyPackage(packagesOf(module))
        .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
        .because(why));
    if (STAGES.contains(module)) {
      String service = "dev.tessera." + module + ".service..";
      rules.add(noClasses().that().resideInAPackage(own).and().resideOutsideOfPackage(service)
          .should().dependOnClassesThat().resideInAnyPackage(concat(FRAMEWORKS, "dev.tessera.service.."))
          .because("a stage's core runs unchanged in the launcher's local mode: only its service package knows"
              + " Quarkus"));
      rules.add(noClasses().that().resideInAPackage(own).and().resideOutsideOfPackage(service)
          .should().dependOnClassesThat().resideInAPackage(service)
          .because("the service package wires the core; the core never calls back into it"));
    } else if (!module.equals("service") && !module.equals("testkit")) {
      rules.add(noClasses().that().resideInAnyPackage(packagesOf(module))
          .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
          .because("only a stage's service package knows Quarkus"));
    }
    rules.add(noClasses().that().resideInAnyPackage(packagesOf(module))
        .and().resideOutsideOfPackage("dev.tessera.model.runtime..")
        .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
        .because("one class family (dev.tessera.model.runtime) owns ONNX Runtime's native resources"));
    if (!module.equals("trainer")) {
      rules.add(noClasses().that().resideInAnyPackage(packagesOf(module))
          .should().dependOnClassesThat().resideInAPackage("ai.djl..")
          .because("only the trainer uses DJL"));
    }
    if (module.equals("imaging")) {
      rules.add(noClasses().that().resideInAnyPackage(packagesOf(module))
          .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..", "org.apache.kafka.clients..")
          .because("imaging is pixels and files: no Kafka client or Streams"));
    }
    return CompositeArchRule.of(rules);
  }

  private static String[] packagesOf(String module) {
    return module.equals("schemas") ? new String[] {"dev.tessera.schemas..", "dev.tessera.records.."}
        : new String[] {"dev.tessera." + module + ".."};
  }

  private static String[] concat(String[] a, String b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + 1);
    r[a.length] = b;
    return r;
  }
}
