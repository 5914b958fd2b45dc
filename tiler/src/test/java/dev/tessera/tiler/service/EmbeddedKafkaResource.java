package dev.tessera.tiler.service;

import dev.tessera.testkit.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** A real in-JVM KRaft broker for {@code @QuarkusTest}s, and the configuration that reaches it. */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedKafka kafka;

  @Override
  public Map<String, String> start() {
    kafka = EmbeddedKafka.startSingleBroker();
    try {
      return Map.of(
          "quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers(),
          "kafka-streams.state.dir", Files.createTempDirectory("tiler-qt").toString(),
          "tessera.topics.prefix", "qt.",
          "tessera.tiler.depth", "4",
          "tessera.tiler.max-input-size", "572",
          "tessera.kafka.max-record-bytes", Integer.toString(16 << 20));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
