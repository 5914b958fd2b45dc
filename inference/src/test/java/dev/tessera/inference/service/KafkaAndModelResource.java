package dev.tessera.inference.service;

import dev.tessera.inference.TestModels;
import dev.tessera.inference.model.SelfTests;
import dev.tessera.testkit.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** An in-JVM broker and a small model file for the service under test. */
public class KafkaAndModelResource implements QuarkusTestResourceLifecycleManager {

  static volatile EmbeddedKafka kafka;
  private Path dir;

  @Override
  public Map<String, String> start() {
    kafka = EmbeddedKafka.builder().start();
    try {
      dir = Files.createTempDirectory("tessera-inference-it");
      Path model = dir.resolve("model.onnx");
      Files.write(model, SelfTests.embed(TestModels.onnx(2, 2, 2, 5)));
      return Map.of(
          "tessera.kafka.bootstrap-servers", kafka.bootstrapServers(),
          "tessera.kafka.topic-prefix", "service.",
          "tessera.inference.model-path", model.toString(),
          "tessera.inference.device", "auto",
          "tessera.inference.intra-op-threads", "1",
          "tessera.inference.transactional-id", "service-it",
          "tessera.inference.poll-timeout", "200ms");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
    try {
      if (dir != null) {
        Files.deleteIfExists(dir.resolve("model.onnx"));
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
