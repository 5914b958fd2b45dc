package dev.tessera.ingest.service;

import dev.tessera.ingest.QuietKafka;
import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.testkit.quarkus.EmbeddedKafkaTestResource;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real in-JVM broker for the Quarkus tests, plus a folder for the service to watch. The service
 * gets a 1 MiB body limit, so the 413 path is cheap to reach.
 */
public class EmbeddedKafkaResource extends EmbeddedKafkaTestResource {

  /** Body limit the service runs with in these tests. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  static {
    QuietKafka.apply(); // before the broker starts, which logs the most
  }

  @Override
  protected Map<String, String> config(EmbeddedKafka kafka) {
    return Map.of(
        "tessera.kafka.bootstrap-servers", kafka.bootstrapServers(),
        // one broker: one replica of each topic
        "tessera.topics.replication-factor", "1", "tessera.topics.min-insync-replicas", "1",
        "tessera.ingest.max-body-bytes", Integer.toString(MAX_BODY_BYTES),
        "tessera.ingest.watch.dir", scratch().toString(),
        "tessera.ingest.watch.acquisition-id", "watched",
        "tessera.ingest.watch.stable-interval", "200ms",
        "tessera.ingest.watch.rescan-interval", "500ms");
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(kafka(), new TestInjector.MatchesType(EmbeddedKafka.class));
    injector.injectIntoFields(scratch(), new TestInjector.MatchesType(Path.class));
  }
}
