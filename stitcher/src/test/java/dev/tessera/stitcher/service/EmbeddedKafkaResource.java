package dev.tessera.stitcher.service;

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
          "kafka-streams.state.dir", Files.createTempDirectory("stitcher-qt").toString(),
          "kafka-streams.commit.interval.ms", "100",
          "tessera.topics.prefix", "qt.",
          "tessera.stitcher.frame-timeout", "20s",
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
