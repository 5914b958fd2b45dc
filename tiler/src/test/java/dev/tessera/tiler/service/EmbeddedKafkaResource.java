package dev.tessera.tiler.service;

import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.testkit.quarkus.EmbeddedKafkaTestResource;
import java.util.Map;

/** A real in-JVM KRaft broker for {@code @QuarkusTest}s, and the configuration that reaches it. */
public class EmbeddedKafkaResource extends EmbeddedKafkaTestResource {

  @Override
  protected Map<String, String> config(EmbeddedKafka kafka) {
    // 16 MiB records: the two producer sums application.properties cannot derive are set as an
    // operator would, 16777216 + 65536 and 2 * 16777216; the service checks them at start-up.
    return Map.of(
        "quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers(),
        "kafka-streams.state.dir", scratch().toString(),
        "tessera.topics.prefix", "qt.",
        "tessera.tiler.depth", "4",
        "tessera.tiler.max-input-size", "572",
        "tessera.kafka.max-record-bytes", "16777216",
        "kafka-streams.producer.max.request.size", "16842752",
        "kafka-streams.producer.buffer.memory", "33554432");
  }
}
