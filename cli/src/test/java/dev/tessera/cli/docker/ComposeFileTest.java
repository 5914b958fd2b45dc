package dev.tessera.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine here, so the compose file is checked against the services' real
 * configuration instead of being run: every service builds from a Dockerfile of {@code docker/}
 * whose health check asks Quarkus readiness, and every environment variable it sets is a key the
 * service reads (a {@code TESSERA_*} variable names a key of the service's config mappings; any
 * other variable is referenced as {@code ${NAME...}} in its {@code application.properties}).
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..");

  /** Each service's config mappings: prefix -> mapping interface. */
  private static final Map<String, Map<String, String>> MAPPINGS = Map.of(
      "tiler", Map.of("tessera.tiler", "dev.tessera.tiler.service.TilerConfig"),
      "inference", Map.of("tessera.inference", "dev.tessera.inference.service.InferenceConfig"),
      "stitcher", Map.of("tessera.stitcher", "dev.tessera.stitcher.service.StitcherConfig"),
      "ingest", Map.of("tessera.ingest", "dev.tessera.ingest.service.IngestConfig$Ingest"));

  /** What every service reads besides its own keys (the service module's mappings). */
  private static final Map<String, String> SHARED = Map.of(
      "tessera.kafka", "dev.tessera.service.KafkaConfig",
      "tessera.topics", "dev.tessera.service.TopicsConfig");

  /** Environment variables of map keys: tessera.kafka.client."x.y" is TESSERA_KAFKA_CLIENT__X_Y_. */
  private static final java.util.regex.Pattern MAP_KEY = java.util.regex.Pattern.compile(
      "TESSERA_KAFKA_(CLIENT|STREAMS)__[A-Z0-9_]+_");

  @Test
  @SuppressWarnings("unchecked")
  void everyServiceBuildsFromItsDockerfileAndSetsOnlyKeysItReads() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker/compose.yaml")));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsOnlyKeys("kafka", "ingest", "tiler", "inference", "stitcher");
    assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:4.1");

    for (String name : MAPPINGS.keySet()) {
      Map<String, Object> service = services.get(name);
      Map<String, Object> build = (Map<String, Object>) service.get("build");
      Path dockerfile = ROOT.resolve((String) build.get("dockerfile"));
      assertThat(dockerfile).as("Dockerfile of %s", name).isRegularFile();
      String port = httpPort(name);
      assertThat(Files.readString(dockerfile)).as("health check of %s", name)
          .contains("HEALTHCHECK").contains("http://localhost:" + port + "/q/health/ready")
          .contains("EXPOSE " + port).contains("-pl " + name);

      Set<String> keys = configKeys(MAPPINGS.get(name));
      String properties = Files.readString(ROOT.resolve(name + "/src/main/resources/application.properties"));
      Map<String, Object> env = (Map<String, Object>) service.get("environment");
      assertThat(env).as("environment of %s", name).isNotEmpty();
      for (String variable : env.keySet()) {
        if (MAP_KEY.matcher(variable).matches()) {
          continue;
        }
        if (variable.startsWith("TESSERA_")) {
          assertThat(keys.stream().map(ComposeFileTest::environmentName))
              .as("%s sets %s; the keys it reads are %s", name, variable, keys).contains(variable);
        } else {
          assertThat(properties).as("%s sets %s, which its application.properties must reference", name, variable)
              .contains("${" + variable);
        }
      }
    }
  }

  @Test
  void theServicesListenOnFourDistinctDocumentedPorts() throws Exception {
    assertThat(Map.of("ingest", httpPort("ingest"), "tiler", httpPort("tiler"), "stitcher", httpPort("stitcher"),
        "inference", httpPort("inference")))
        .isEqualTo(Map.of("ingest", "8080", "tiler", "8081", "stitcher", "8082", "inference", "8083"));
  }

  /** The service's {@code quarkus.http.port}, from its application.properties. */
  private static String httpPort(String service) throws java.io.IOException {
    java.util.Properties p = new java.util.Properties();
    try (var in = Files.newBufferedReader(ROOT.resolve(service + "/src/main/resources/application.properties"))) {
      p.load(in);
    }
    return p.getProperty("quarkus.http.port", "8080");
  }

  @Test
  void theKeyListingFindsNestedGroupsSoTheCheckAboveCanFail() throws Exception {
    Set<String> keys = configKeys(MAPPINGS.get("ingest"));
    assertThat(keys).contains("tessera.ingest.watch.stable-interval", "tessera.kafka.bootstrap-servers")
        .doesNotContain("tessera.tiler.model-path");
    assertThat(environmentName("tessera.ingest.watch.stable-interval")).isEqualTo("TESSERA_INGEST_WATCH_STABLE_INTERVAL");
  }

  /** The keys of config mapping interfaces: method names in kebab case, nested interfaces as groups. */
  private static Set<String> configKeys(Map<String, String> mappings) throws ClassNotFoundException {
    Set<String> keys = new LinkedHashSet<>();
    Map<String, String> all = new java.util.HashMap<>(mappings);
    all.putAll(SHARED);
    for (var e : all.entrySet()) {
      collect(e.getKey(), Class.forName(e.getValue()), keys);
    }
    return keys;
  }

  private static void collect(String prefix, Class<?> mapping, Set<String> keys) {
    for (Method m : mapping.getDeclaredMethods()) {
      if (m.isDefault() || m.isSynthetic() || m.getParameterCount() > 0 || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      String key = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
      if (m.getReturnType().isInterface() && m.getReturnType().getName().startsWith("dev.tessera")) {
        collect(key, m.getReturnType(), keys);
      } else {
        keys.add(key);
      }
    }
  }

  /** MicroProfile Config's environment variable for a key: non-alphanumerics to '_', upper case. */
  private static String environmentName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
  }

}
