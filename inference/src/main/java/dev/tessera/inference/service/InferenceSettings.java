package dev.tessera.inference.service;

import dev.tessera.model.runtime.ConvAlgoSearch;
import dev.tessera.model.runtime.Device;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.inference.worker.WorkerConfig;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The configuration, validated once at start-up and turned into the core's settings. Every
 * message names the key at fault and what it accepts.
 *
 * @param modelPath the ONNX model file
 * @param model how to run it
 * @param worker the worker's Kafka and batching settings
 * @param createTopics whether to create missing topics at start-up
 * @param livenessTimeout how long the poll loop may stay silent
 * @param shutdownTimeout how long shutdown waits for the open transaction
 */
public record InferenceSettings(Path modelPath, ModelOptions model, WorkerConfig worker, boolean createTopics,
    Duration livenessTimeout, Duration shutdownTimeout) {

  /**
   * @throws IllegalArgumentException naming the first key whose value is not acceptable
   */
  public static InferenceSettings from(InferenceConfig in, KafkaConfig kafka) {
    Path model = Path.of(in.modelPath());
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("tessera.inference.model-path=" + in.modelPath() + " is not a file ("
          + model.toAbsolutePath() + ")");
    }
    ModelOptions options = new ModelOptions(Device.parse("tessera.inference.device", in.device()), in.deviceId(),
        ConvAlgoSearch.parse("tessera.inference.cudnn-conv-algo-search", in.cudnnConvAlgoSearch()), in.gpuMemLimit(),
        in.intraOpThreads(), 4);
    KafkaLimits limits = new KafkaLimits(kafka.maxRecordBytes(), kafka.compression());
    Topics topics;
    try {
      topics = Topics.withPrefix(kafka.topicPrefix());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tessera.kafka.topic-prefix: " + e.getMessage(), e);
    }
    String transactionalId = in.transactionalId().orElseGet(() -> "tessera-inference-" + hostName());
    WorkerConfig worker = new WorkerConfig(kafka.bootstrapServers(), topics, in.groupId(), transactionalId,
        in.maxBatch(), in.linger(), in.pollTimeout(), in.transactionTimeout(), WorkerConfig.DEFAULT_RETRY_BACKOFF,
        limits, Map.of(), Map.of());
    if (in.livenessTimeout().compareTo(in.pollTimeout().multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("tessera.inference.liveness-timeout=" + in.livenessTimeout()
          + " must be at least twice tessera.inference.poll-timeout=" + in.pollTimeout());
    }
    if (in.shutdownTimeout().isNegative()) {
      throw new IllegalArgumentException("tessera.inference.shutdown-timeout=" + in.shutdownTimeout()
          + " must not be negative");
    }
    return new InferenceSettings(model, options, worker, kafka.createTopics(), in.livenessTimeout(),
        in.shutdownTimeout());
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
