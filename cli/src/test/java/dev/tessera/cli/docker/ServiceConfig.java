package dev.tessera.cli.docker;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the services really read and listen on, taken from their code and resources, so deployment
 * files (compose, Kubernetes) can be checked against it without running them.
 */
final class ServiceConfig {

  static final Path ROOT = Path.of("..");

  /** Each service's own config mapping: prefix -> mapping interface. */
  static final Map<String, Map<String, String>> MAPPINGS = Map.of(
      "tiler", Map.of("tessera.tiler", "dev.tessera.tiler.service.TilerConfig"),
      "inference", Map.of("tessera.inference", "dev.tessera.inference.service.InferenceConfig"),
      "stitcher", Map.of("tessera.stitcher", "dev.tessera.stitcher.service.StitcherConfig"),
      "tracker", Map.of("tessera.tracker", "dev.tessera.tracker.service.TrackerConfig"),
      "ingest", Map.of("tessera.ingest", "dev.tessera.ingest.service.IngestConfig$Ingest"));

  /** What every service reads besides its own keys (the service module's mappings). */
  private static final Map<String, String> SHARED = Map.of(
      "tessera.kafka", "dev.tessera.service.KafkaConfig",
      "tessera.topics", "dev.tessera.service.TopicsConfig");

  /** Environment variables of map keys: tessera.kafka.client."x.y" is TESSERA_KAFKA_CLIENT__X_Y_. */
  private static final Pattern MAP_KEY = Pattern.compile("TESSERA_KAFKA_(CLIENT|STREAMS)__[A-Z0-9_]+_");

  private ServiceConfig() {}

  /** The keys {@code service} reads: method names of its mappings in kebab case, nested interfaces as groups. */
  static Set<String> keys(String service) throws ClassNotFoundException {
    Set<String> keys = new LinkedHashSet<>();
    Map<String, String> all = new HashMap<>(MAPPINGS.get(service));
    all.putAll(SHARED);
    for (var e : all.entrySet()) {
      collect(e.getKey(), Class.forName(e.getValue()), keys);
    }
    return keys;
  }

  /**
   * Whether {@code service} reads the environment variable {@code variable}: a key of its mappings,
   * a map key's variable, or a {@code ${NAME}} its application.properties refers to.
   */
  static boolean reads(String service, String variable) throws ClassNotFoundException, IOException {
    if (MAP_KEY.matcher(variable).matches()) {
      return true;
    }
    if (variable.startsWith("TESSERA_")) {
      return keys(service).stream().map(ServiceConfig::environmentName).anyMatch(variable::equals);
    }
    return Files.readString(ROOT.resolve(service + "/src/main/resources/application.properties"))
        .contains("${" + variable);
  }

  /** The service's {@code quarkus.http.port}, from its application.properties. */
  static int httpPort(String service) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(ROOT.resolve(service + "/src/main/resources/application.properties"))) {
      p.load(in);
    }
    return Integer.parseInt(p.getProperty("quarkus.http.port", "8080"));
  }

  /** MicroProfile Config's environment variable for a key: non-alphanumerics to '_', upper case. */
  static String environmentName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
  }

  private static void collect(String prefix, Class<?> mapping, Set<String> keys) {
    for (Method m : mapping.getDeclaredMethods()) {
      if (m.isDefault() || m.isSynthetic() || m.getParameterCount() > 0
          || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
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
}
