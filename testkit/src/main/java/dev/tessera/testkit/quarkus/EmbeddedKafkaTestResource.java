package dev.tessera.testkit.quarkus;

import dev.tessera.testkit.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real in-JVM KRaft broker for a service's {@code @QuarkusTest}s. A service's test resource
 * extends this and says, in {@link #config}, which of its configuration keys reach the broker and
 * what else the test sets; the broker and a scratch folder ({@link #scratch()}) are started before
 * and removed after the tests.
 */
public abstract class EmbeddedKafkaTestResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedKafka kafka;
  private Path scratch;

  /** The configuration the service under test runs with, given the started broker. */
  protected abstract Map<String, String> config(EmbeddedKafka kafka) throws IOException;

  @Override
  public final Map<String, String> start() {
    kafka = EmbeddedKafka.startSingleBroker();
    try {
      scratch = Files.createTempDirectory("tessera-quarkus-test-");
      return config(kafka);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The running broker. */
  protected EmbeddedKafka kafka() {
    return kafka;
  }

  /** A folder of this test run (state stores, model files, watched folders). */
  protected Path scratch() {
    return scratch;
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
