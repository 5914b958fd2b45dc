package dev.tessera.tiler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) refuses bad configuration
 * at start-up with a message naming the key, before it touches Kafka. That it fails on the
 * Kafka Streams settings also shows that the package carries the service's
 * {@code application.properties}, which the library jar leaves out.
 */
@Tag("integration")
class TilerPackagedIT {

  private static final Path APP = Path.of(System.getProperty("tiler.quarkus-app", "target/quarkus-app"));

  @TempDir
  Path dir;

  @Test
  void refusesAMaximumInputSizeBelowTheSmallestTileNamingTheKey() throws Exception {
    String output = runExpectingFailure("-Dtessera.tiler.depth=4", "-Dtessera.tiler.max-input-size=100");

    assertThat(output).contains("tessera.tiler.max-input-size=100 is below the smallest input that can tile a frame"
        + " with a depth-4 U-Net: use at least 204");
  }

  @Test
  void refusesAValueThatIsNotANumberNamingTheKey() throws Exception {
    String output = runExpectingFailure("-Dtessera.tiler.depth=four");

    assertThat(output).contains("tessera.tiler.depth").contains("four");
  }

  @Test
  void refusesToStartWithoutAGeometry() throws Exception {
    String output = runExpectingFailure();

    assertThat(output).contains("tessera.tiler.model-path is not set and there is no depth: no tile geometry. Give"
        + " the model's ONNX file, or a depth (1 to 10");
  }

  private String runExpectingFailure(String... properties) throws IOException, InterruptedException {
    Path jar = APP.resolve("quarkus-run.jar");
    Assumptions.assumeTrue(Files.exists(jar), "the packaged app " + jar + " is missing: run mvn package first");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dquarkus.http.port=0",
        // Nothing listens here: a start that got as far as Kafka would hang, not pass.
        "-Dtessera.kafka.bootstrap-servers=127.0.0.1:9",
        "-Dtessera.kafka.streams.\"state.dir\"=" + dir));
    command.addAll(List.of(properties));
    command.addAll(List.of("-jar", jar.toString()));
    Path log = dir.resolve("out.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(exited).as("the app should stop on bad configuration; output:%n%s", output).isTrue();
      assertThat(process.exitValue()).as("exit code; output:%n%s", output).isNotZero();
      return output;
    } finally {
      process.destroyForcibly();
    }
  }
}
