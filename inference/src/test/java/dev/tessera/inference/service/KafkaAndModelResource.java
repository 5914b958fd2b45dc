package dev.tessera.inference.service;

import dev.tessera.model.testing.TestModels;
import dev.tessera.model.runtime.SelfTests;
import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.testkit.quarkus.EmbeddedKafkaTestResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** An in-JVM broker and a small model file for the service under test. */
public class KafkaAndModelResource extends EmbeddedKafkaTestResource {

  static volatile EmbeddedKafka kafka;

  @Override
  protected Map<String, String> config(EmbeddedKafka broker) throws IOException {
    kafka = broker;
    Path model = scratch().resolve("model.onnx");
    Files.write(model, SelfTests.embed(TestModels.onnx(2, 2, 2, 5)));
    return Map.of(
        "tessera.kafka.bootstrap-servers", broker.bootstrapServers(),
        // one broker: one replica of each topic
        "tessera.topics.replication-factor", "1", "tessera.topics.min-insync-replicas", "1",
        "tessera.topics.prefix", "service.",
        "tessera.inference.model-path", model.toString(),
        "tessera.inference.device", "auto",
        "tessera.inference.intra-op-threads", "1",
        "tessera.inference.transactional-id", "service-it",
        "tessera.inference.poll-timeout", "200ms");
  }
}
