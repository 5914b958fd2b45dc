package dev.tessera.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.service.EnvironmentCheck.Verdict;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Misspelled {@code TESSERA_*} environment variables, checked against the real {@link KafkaConfig}
 * and {@link TopicsConfig} and two stage mappings shaped like the tiler's and the ingest's (those
 * modules are not on this one's classpath).
 */
class EnvironmentCheckTest {

  /** Like the tiler's {@code TilerConfig}. */
  @ConfigMapping(prefix = "tessera.tiler")
  interface Tiler {
    Optional<String> modelPath();

    OptionalInt depth();

    @WithDefault("1024")
    int maxInputSize();
  }

  /** Like the ingest's {@code IngestConfig.Ingest}: a nested group. */
  @ConfigMapping(prefix = "tessera.ingest")
  interface Ingest {
    @WithDefault("75497472")
    long maxBodyBytes();

    Watch watch();

    interface Watch {
      Optional<String> dir();

      @WithDefault("2s")
      Duration stableInterval();
    }
  }

  /** Like the inference's {@code InferenceConfig}: a list, indexed or comma-separated. */
  @ConfigMapping(prefix = "tessera.inference")
  interface Inference {
    @WithDefault("auto")
    String device();

    Optional<List<String>> warmupFrameSizes();
  }

  private static Verdict tiler(Map<String, String> env) {
    return EnvironmentCheck.check(env, "tiler", List.of(KafkaConfig.class, TopicsConfig.class, Tiler.class));
  }

  private static Verdict ingest(Map<String, String> env) {
    return EnvironmentCheck.check(env, "ingest", List.of(KafkaConfig.class, TopicsConfig.class, Ingest.class));
  }

  @Test
  void passesTheVariablesOfEveryPropertyOfTheServicesMappings() {
    Verdict verdict = tiler(Map.of("TESSERA_KAFKA_BOOTSTRAP_SERVERS", "b:9092", "TESSERA_KAFKA_MAX_RECORD_BYTES", "1",
        "TESSERA_TOPICS_REPLICATION_FACTOR", "1", "TESSERA_TOPICS_MIN_INSYNC_REPLICAS", "1",
        "TESSERA_TILER_DEPTH", "4", "TESSERA_TILER_MAX_INPUT_SIZE", "512", "TESSERA_TILER_MODEL_PATH", "/m.onnx"));

    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.warnings()).isEmpty();
    assertThat(verdict.fatal()).isFalse();
  }

  @Test
  void passesTheVariablesOfANestedGroup() {
    Verdict verdict = ingest(Map.of("TESSERA_INGEST_WATCH_DIR", "/data", "TESSERA_INGEST_WATCH_STABLE_INTERVAL", "1s",
        "TESSERA_INGEST_MAX_BODY_BYTES", "1000"));

    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.warnings()).isEmpty();
  }

  @Test
  void refusesAMisspelledVariableOfTheServicesOwnRootsSuggestingTheNearest() {
    Verdict verdict = tiler(Map.of("TESSERA_TILER_DPETH", "5", "TESSERA_KAFKA_BOOTSTRAP_SERVER", "b:9092"));

    assertThat(verdict.fatal()).isTrue();
    assertThat(verdict.errors()).containsExactly(
        "environment variable TESSERA_KAFKA_BOOTSTRAP_SERVER is not a setting of the tiler service (did you mean"
            + " TESSERA_KAFKA_BOOTSTRAP_SERVERS?)",
        "environment variable TESSERA_TILER_DPETH is not a setting of the tiler service (did you mean"
            + " TESSERA_TILER_DEPTH?)");
    assertThat(verdict.warnings()).isEmpty();
  }

  @Test
  void refusesAMisspelledVariableOfANestedGroup() {
    Verdict verdict = ingest(Map.of("TESSERA_INGEST_WATCH_DIRECTORY", "/data"));

    assertThat(verdict.errors()).singleElement().asString().contains("TESSERA_INGEST_WATCH_DIRECTORY")
        .contains("the ingest service").endsWith("(did you mean TESSERA_INGEST_WATCH_DIR?)");
  }

  @Test
  void passesAnyMapKeyButNotAMisspelledMap() {
    Verdict keys = tiler(Map.of("TESSERA_KAFKA_CLIENT__SECURITY_PROTOCOL_", "SASL_SSL",
        "TESSERA_KAFKA_CLIENT_ACKS", "all", "TESSERA_KAFKA_STREAMS__STATE_DIR_", "/data/streams"));
    Verdict misspelled = tiler(Map.of("TESSERA_KAFKA_CLEINT__SECURITY_PROTOCOL_", "SASL_SSL",
        "TESSERA_KAFKA_CLIENT_", "x"));

    assertThat(keys.errors()).isEmpty();
    assertThat(keys.warnings()).isEmpty();
    assertThat(misspelled.errors()).containsExactly(
        "environment variable TESSERA_KAFKA_CLEINT__SECURITY_PROTOCOL_ is not a setting of the tiler service (did"
            + " you mean TESSERA_KAFKA_CLIENT_<key>?)",
        "environment variable TESSERA_KAFKA_CLIENT_ is not a setting of the tiler service (did you mean"
            + " TESSERA_KAFKA_CLIENT_<key>?)");
  }

  @Test
  void passesAListByIndexButNotByAnythingElse() {
    Verdict verdict = EnvironmentCheck.check(Map.of("TESSERA_INFERENCE_WARMUP_FRAME_SIZES", "512x512",
        "TESSERA_INFERENCE_WARMUP_FRAME_SIZES_0_", "2048x2048", "TESSERA_INFERENCE_WARMUP_FRAME_SIZES_FIRST_", "1x1"),
        "inference", List.of(KafkaConfig.class, TopicsConfig.class, Inference.class));

    assertThat(verdict.errors()).containsExactly("environment variable TESSERA_INFERENCE_WARMUP_FRAME_SIZES_FIRST_ is"
        + " not a setting of the inference service (did you mean TESSERA_INFERENCE_WARMUP_FRAME_SIZES_<n>_?)");
  }

  @Test
  void ignoresTheVariablesOfTheOtherServices() {
    Map<String, String> shell = Map.of("TESSERA_INFERENCE_DEVICE", "cuda", "TESSERA_INFERENCE_NO_SUCH_KEY", "1",
        "TESSERA_STITCHER_FRAME_TIMEOUT", "1m", "TESSERA_INGEST_WATCH_DIR", "/data", "TESSERA_TILER_DPETH", "5");

    Verdict forTheTiler = tiler(shell);
    Verdict forTheIngest = ingest(shell);

    assertThat(forTheTiler.errors()).singleElement().asString().contains("TESSERA_TILER_DPETH");
    assertThat(forTheTiler.warnings()).isEmpty();
    assertThat(forTheIngest.errors()).isEmpty();
    assertThat(forTheIngest.warnings()).isEmpty();
  }

  @Test
  void warnsOfAVariableUnderNoTesseraRoot() {
    Verdict verdict = tiler(Map.of("TESSERA_DATA", "/shared", "TESSERA_TILR_DEPTH", "4"));

    assertThat(verdict.fatal()).isFalse();
    assertThat(verdict.warnings()).containsExactly(
        "Environment variable TESSERA_DATA is not a setting of any Tessera service (theirs start with TESSERA_KAFKA_,"
            + " TESSERA_TOPICS_, TESSERA_INGEST_, TESSERA_TILER_, TESSERA_STITCHER_, TESSERA_TRACKER_,"
            + " TESSERA_INFERENCE_): ignored",
        "Environment variable TESSERA_TILR_DEPTH is not a setting of any Tessera service (theirs start with"
            + " TESSERA_KAFKA_, TESSERA_TOPICS_, TESSERA_INGEST_, TESSERA_TILER_, TESSERA_STITCHER_,"
            + " TESSERA_TRACKER_, TESSERA_INFERENCE_): ignored; did you mean TESSERA_TILER_DEPTH?");
  }

  @Test
  void passesTheLaunchersVariableAndEverythingOutsideTessera() {
    Verdict verdict = tiler(Map.of("TESSERA_JAVA_OPTS", "-Xmx1g", "QUARKUS_HTTP_PORT", "8081", "PATH", "/bin",
        "TESSERAX", "1"));

    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.warnings()).isEmpty();
  }

  @Test
  void enforcingChecksTheSharedMappingsTooAndThrowsOnlyOnAnError() {
    assertThatThrownBy(() -> EnvironmentCheck.enforce(Map.of("TESSERA_TOPICS_PREFIXX", "lab."), "tiler",
        Tiler.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable TESSERA_TOPICS_PREFIXX is not a setting of the tiler service (did you"
            + " mean TESSERA_TOPICS_PREFIX?)");
    assertThatCode(() -> EnvironmentCheck.enforce(Map.of("TESSERA_TOPICS_PREFIX", "lab.", "TESSERA_DATA", "/shared"),
        "tiler", Tiler.class))
        .doesNotThrowAnyException();
  }
}
