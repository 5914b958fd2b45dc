package dev.tessera.tiler.service;

import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.testkit.quarkus.EmbeddedKafkaTestResource;
import java.util.Map;

/** A real in-JVM KRaft broker for {@code @QuarkusTest}s, and the configuration that reaches it. */
public class EmbeddedKafkaResource extends EmbeddedKafkaTestResource {

  @Override
  protected Map<String, String> config(EmbeddedKafka kafka) {
    // 16 MiB records: every client and topic limit follows from this one key.
    return Map.of(
        "tessera.kafka.bootstrap-servers", kafka.bootstrapServers(),
        // one broker: one replica of each topic
        "tessera.topics.replication-factor", "1", "tessera.topics.min-insync-replicas", "1",
        "tessera.kafka.streams.\"state.dir\"", scratch().toString(),
        "tessera.topics.prefix", "qt.",
        "tessera.tiler.depth", "4",
        "tessera.tiler.max-input-size", "572",
        "tessera.kafka.max-record-bytes", "16777216");
  }
}
