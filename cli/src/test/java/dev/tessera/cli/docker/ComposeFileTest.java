package dev.tessera.cli.docker;

import static dev.tessera.cli.docker.ServiceConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine here, so the compose file is checked against the services' real
 * configuration instead of being run: every service builds from a Dockerfile of {@code docker/}
 * whose health check asks Quarkus readiness on the port the service listens on, and every
 * environment variable it sets is a key the service reads ({@link ServiceConfig}).
 */
class ComposeFileTest {

  @Test
  @SuppressWarnings("unchecked")
  void everyServiceBuildsFromItsDockerfileAndSetsOnlyKeysItReads() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker/compose.yaml")));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsOnlyKeys("kafka", "ingest", "tiler", "inference", "stitcher", "tracker");
    assertThat(ServiceConfig.MAPPINGS.keySet()).containsExactlyInAnyOrder("ingest", "tiler", "inference", "stitcher",
        "tracker");
    assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:4.1");

    for (String name : ServiceConfig.MAPPINGS.keySet()) {
      Map<String, Object> service = services.get(name);
      Map<String, Object> build = (Map<String, Object>) service.get("build");
      Path dockerfile = ROOT.resolve((String) build.get("dockerfile"));
      assertThat(dockerfile).as("Dockerfile of %s", name).isRegularFile();
      int port = ServiceConfig.httpPort(name);
      assertThat(Files.readString(dockerfile)).as("health check of %s", name)
          .contains("HEALTHCHECK").contains("http://localhost:" + port + "/q/health/ready")
          .contains("EXPOSE " + port).contains("-pl " + name);
      assertThat(service.get("restart")).as("restart policy of %s", name).isEqualTo("unless-stopped");
      assertThat(service.get("depends_on")).as("start condition of %s", name)
          .isEqualTo(Map.of("kafka", Map.of("condition", "service_healthy")));

      Map<String, Object> env = (Map<String, Object>) service.get("environment");
      assertThat(env).as("environment of %s", name).isNotEmpty();
      for (String variable : env.keySet()) {
        assertThat(ServiceConfig.reads(name, variable)).as("%s sets %s; the keys it reads are %s", name, variable,
            ServiceConfig.keys(name)).isTrue();
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGpuOverrideReservesOneGpuPerWorkerAndSetsOnlyKeysTheWorkerReads() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker/compose.gpu.yaml")));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsOnlyKeys("inference");
    Map<String, Object> inference = services.get("inference");
    Map<String, Object> env = (Map<String, Object>) inference.get("environment");
    assertThat(env).containsEntry("TESSERA_INFERENCE_DEVICE", "cuda");
    for (String variable : env.keySet()) {
      assertThat(ServiceConfig.reads("inference", variable)).as(variable).isTrue();
    }
    Map<String, Object> deploy = (Map<String, Object>) inference.get("deploy");
    Map<String, Object> reservations = (Map<String, Object>) ((Map<String, Object>) deploy.get("resources"))
        .get("reservations");
    assertThat((java.util.List<Map<String, Object>>) reservations.get("devices")).singleElement()
        .satisfies(d -> assertThat(d).containsEntry("driver", "nvidia").containsEntry("count", 1)
            .containsEntry("capabilities", java.util.List.of("gpu")));
  }

  @Test
  void theServicesListenOnFiveDistinctDocumentedPorts() throws Exception {
    assertThat(Map.of("ingest", ServiceConfig.httpPort("ingest"), "tiler", ServiceConfig.httpPort("tiler"),
        "stitcher", ServiceConfig.httpPort("stitcher"), "inference", ServiceConfig.httpPort("inference"),
        "tracker", ServiceConfig.httpPort("tracker")))
        .isEqualTo(Map.of("ingest", 8080, "tiler", 8081, "stitcher", 8082, "inference", 8083, "tracker", 8084));
  }

  @Test
  void theKeyListingFindsNestedGroupsSoTheCheckAboveCanFail() throws Exception {
    Set<String> keys = ServiceConfig.keys("ingest");
    assertThat(keys).contains("tessera.ingest.watch.stable-interval", "tessera.kafka.bootstrap-servers")
        .doesNotContain("tessera.tiler.model-path");
    assertThat(ServiceConfig.environmentName("tessera.ingest.watch.stable-interval"))
        .isEqualTo("TESSERA_INGEST_WATCH_STABLE_INTERVAL");
    assertThat(ServiceConfig.reads("tiler", "TESSERA_TILER_MODLE_PATH")).isFalse();
    assertThat(ServiceConfig.keys("tracker")).contains("tessera.tracker.min-iou", "tessera.tracker.summary-after")
        .doesNotContain("tessera.tracker.model-path");
    assertThat(ServiceConfig.reads("tracker", "TESSERA_TRACKER_MAX_GAP")).isTrue();
    assertThat(ServiceConfig.reads("tracker", "TESSERA_STITCHER_MODEL_PATH")).isFalse();
  }
}
