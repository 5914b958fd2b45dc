package dev.tessera.inference.service;

import dev.tessera.model.runtime.ConvAlgoSearch;
import dev.tessera.model.runtime.Device;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.inference.worker.Tta;
import dev.tessera.inference.worker.WorkerConfig;
import dev.tessera.service.ConfigErrors;
import dev.tessera.service.TesseraKafka;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The configuration, validated once at start-up and turned into the core's settings. Every
 * message names the key at fault and what it accepts.
 *
 * @param modelPath the ONNX model file
 * @param model how to run it
 * @param worker the worker's Kafka and batching settings
 * @param maxFailedTransactions failed transactions in a row that make the worker not ready
 * @param maxFailedRuns failed model runs in a row that make the worker not ready
 * @param warmupFrameSizes frame sizes ({@code WIDTHxHEIGHT}) whose tile shapes are run before the worker starts
 * @param warmupMaxInputSize the tiler's largest input tile, to find those shapes
 * @param livenessTimeout how long the poll loop may stay silent
 * @param shutdownTimeout how long shutdown waits for the open transaction
 */
public record InferenceSettings(Path modelPath, ModelOptions model, WorkerConfig worker, int maxFailedTransactions,
    int maxFailedRuns, List<String> warmupFrameSizes, int warmupMaxInputSize, Duration livenessTimeout,
    Duration shutdownTimeout) {

  /** Every key of this service starts with this. */
  static final String KEY_PREFIX = "tessera.inference.";

  /**
   * @throws IllegalArgumentException naming the first key whose value is not acceptable
   */
  public static InferenceSettings from(InferenceConfig in, TesseraKafka kafka) {
    Path model = Path.of(in.modelPath());
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("tessera.inference.model-path=" + in.modelPath() + " is not a file ("
          + model.toAbsolutePath() + ")");
    }
    ModelOptions options = ConfigErrors.withPrefix(KEY_PREFIX, () -> new ModelOptions(
        Device.parse("device", in.device()), in.deviceId(),
        ConvAlgoSearch.parse("cudnn-conv-algo-search", in.cudnnConvAlgoSearch()), in.gpuMemLimit(),
        in.intraOpThreads(), Math.max(4, in.warmupFrameSizes().map(List::size).orElse(0))));
    String transactionalId = in.transactionalId().orElseGet(() -> "tessera-inference-" + hostName());
    WorkerConfig worker = ConfigErrors.withPrefix(KEY_PREFIX, () -> new WorkerConfig(kafka.settings(), kafka.topics(),
        in.groupId(), transactionalId, in.maxBatch(), in.linger(), in.pollTimeout(), in.transactionTimeout(),
        WorkerConfig.DEFAULT_RETRY_BACKOFF, Map.of(), Map.of(), Tta.parse("tta", in.tta())));
    if (in.livenessTimeout().compareTo(in.pollTimeout().multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("tessera.inference.liveness-timeout=" + in.livenessTimeout()
          + " must be at least twice tessera.inference.poll-timeout=" + in.pollTimeout());
    }
    if (in.shutdownTimeout().isNegative()) {
      throw new IllegalArgumentException("tessera.inference.shutdown-timeout=" + in.shutdownTimeout()
          + " must not be negative");
    }
    if (in.maxFailedTransactions() < 1) {
      throw new IllegalArgumentException(KEY_PREFIX + "max-failed-transactions=" + in.maxFailedTransactions()
          + " must be at least 1");
    }
    if (in.maxFailedRuns() < 1) {
      throw new IllegalArgumentException(KEY_PREFIX + "max-failed-runs=" + in.maxFailedRuns() + " must be at least 1");
    }
    return new InferenceSettings(model, options, worker, in.maxFailedTransactions(), in.maxFailedRuns(),
        in.warmupFrameSizes().orElse(List.of()), in.warmupMaxInputSize(), in.livenessTimeout(), in.shutdownTimeout());
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("tessera.inference.transactional-id is not set and the host name is unknown ("
          + e.getMessage() + "): set it to a name unique to this worker", e);
    }
  }
}
