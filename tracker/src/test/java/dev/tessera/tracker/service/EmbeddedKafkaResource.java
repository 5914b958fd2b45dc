package dev.tessera.tracker.service;

import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.testkit.quarkus.EmbeddedKafkaTestResource;
import java.util.Map;

/** A real in-JVM KRaft broker for {@code @QuarkusTest}s, and the configuration that reaches it. */
public class EmbeddedKafkaResource extends EmbeddedKafkaTestResource {

  @Override
  protected Map<String, String> config(EmbeddedKafka kafka) {
    return Map.of(
        "tessera.kafka.bootstrap-servers", kafka.bootstrapServers(),
        // one broker: one replica of each topic
        "tessera.topics.replication-factor", "1", "tessera.topics.min-insync-replicas", "1",
        "tessera.kafka.streams.\"state.dir\"", scratch().toString(),
        "tessera.kafka.streams.\"commit.interval.ms\"", "100",
        "tessera.topics.prefix", "qt.",
        "tessera.tracker.summary-after", "2s");
  }
}
