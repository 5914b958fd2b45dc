package dev.tessera.cli.docker;

import static dev.tessera.cli.docker.ServiceConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests cannot be applied here (no cluster), so they are checked against the
 * services as {@link ComposeFileTest} checks compose: each Deployment's container port and probes
 * are the service's port and health endpoints, every environment variable is a key it reads, and
 * KEDA scales the inference workers on the lag of the tiles topic, at most one per partition.
 */
class K8sManifestsTest {

  @Test
  @SuppressWarnings("unchecked")
  void everyDeploymentProbesItsServicesHealthOnItsPortAndSetsOnlyKeysItReads() throws Exception {
    Map<String, Map<String, Object>> byName = new HashMap<>();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(Files.readString(ROOT.resolve("docker/k8s/tessera.yaml")))) {
      Map<String, Object> m = (Map<String, Object>) doc;
      docs.add(m);
      byName.put(m.get("kind") + "/" + ((Map<String, Object>) m.get("metadata")).get("name"), m);
    }
    Map<String, Object> configMap = (Map<String, Object>) byName.get("ConfigMap/tessera-config").get("data");
    for (String service : ServiceConfig.MAPPINGS.keySet()) {
      Map<String, Object> deployment = byName.get("Deployment/tessera-" + service);
      assertThat(deployment).as("Deployment of %s", service).isNotNull();
      Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
          ((Map<String, Object>) deployment.get("spec")).get("template")).get("spec")).get("containers")).get(0);
      int port = ServiceConfig.httpPort(service);
      assertThat(((List<Map<String, Object>>) container.get("ports")).get(0)).containsEntry("containerPort", port);
      assertThat(probe(container, "readinessProbe")).containsEntry("path", "/q/health/ready").containsEntry("port", port);
      assertThat(probe(container, "livenessProbe")).containsEntry("path", "/q/health/live").containsEntry("port", port);
      for (String variable : configMap.keySet()) {
        assertThat(ServiceConfig.reads(service, variable)).as("the ConfigMap sets %s for %s", variable, service)
            .isTrue();
      }
      for (Map<String, Object> env : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
        assertThat(ServiceConfig.reads(service, (String) env.get("name"))).as("%s sets %s", service, env.get("name"))
            .isTrue();
      }
    }

    Map<String, Object> scaled = (Map<String, Object>) byName.get("ScaledObject/tessera-inference").get("spec");
    int tilesPartitions = TopicSettings.defaults(Topics.defaults()).get(Topics.defaults().tiles().name()).partitions();
    assertThat(scaled).containsEntry("maxReplicaCount", tilesPartitions);
    Map<String, Object> trigger = ((List<Map<String, Object>>) scaled.get("triggers")).get(0);
    assertThat(trigger).containsEntry("type", "kafka");
    assertThat((Map<String, Object>) trigger.get("metadata"))
        .containsEntry("topic", Topics.defaults().tiles().name())
        .containsEntry("consumerGroup", dev.tessera.inference.worker.WorkerConfig.DEFAULT_GROUP_ID);
    // The ConfigMap, the five Deployments, the ScaledObject.
    assertThat(docs).hasSize(7);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> probe(Map<String, Object> container, String kind) {
    return (Map<String, Object>) ((Map<String, Object>) container.get(kind)).get("httpGet");
  }
}
