package dev.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab's Kafka with SASL/PLAIN: the whole local pipeline runs through it with the credentials of a
 * {@code --kafka-config} file (applied to every producer, consumer, admin client and Streams app),
 * and a wrong password fails at once, saying that authentication failed.
 */
@Tag("integration")
class SecuredClusterIT {

  private static EmbeddedKafka kafka;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startASaslCluster() {
    kafka = EmbeddedKafka.builder().saslPlain().start();
  }

  @AfterAll
  static void stopTheCluster() {
    kafka.close();
  }

  @Test
  void theDemoRunsThroughASaslClusterWithTheCredentialsOfAKafkaConfigFile() throws IOException {
    Path config = clientConfig(EmbeddedKafka.SASL_PASSWORD);
    Path out = tmp.resolve("out");

    CommandRun r = CommandRun.of("demo", "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", config.toString(),
        "--topic-prefix", "sasl.", "--model", "../models/demo/model.onnx", "--frames", "2", "--size", "256",
        "--out", out.toString(), "--data-dir", tmp.resolve("data").toString(), "--timeout", "90");

    assertThat(r.exit()).as("stdout:%n%s%nstderr:%n%s", r.out(), r.err()).isEqualTo(Tessera.EXIT_OK);
    assertThat(r.out()).contains("Frames          2 published, 2 masks (all)").contains("Dead letters    0");
    assertThat(out.resolve("masks/000000.tif")).isNotEmptyFile();
    assertThat(out.resolve("masks/000001.tif")).isNotEmptyFile();
  }

  @Test
  void aWrongPasswordFailsAtOnceSayingAuthenticationFailed() throws IOException {
    Path config = clientConfig("not-the-password");
    long start = System.nanoTime();

    CommandRun r = CommandRun.of("demo", "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", config.toString(),
        "--topic-prefix", "wrong.", "--model", "../models/demo/model.onnx", "--frames", "1", "--size", "256",
        "--data-dir", tmp.resolve("data").toString());

    assertThat(r.exit()).isEqualTo(Tessera.EXIT_FAILED);
    assertThat(r.err()).contains("Authentication failed").contains("Invalid username or password");
    // Fails on the first request rather than after client timeouts (60 s and more).
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
  }

  private Path clientConfig(String password) throws IOException {
    Properties p = new Properties();
    p.putAll(EmbeddedKafka.securityProperties(EmbeddedKafka.SASL_USER, password));
    Path file = tmp.resolve("client-" + password + ".properties");
    try (var w = Files.newBufferedWriter(file)) {
      p.store(w, "a lab's Kafka client settings");
    }
    return file;
  }
}
