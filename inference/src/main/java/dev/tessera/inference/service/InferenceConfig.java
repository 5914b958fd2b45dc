package dev.tessera.inference.service;

import dev.tessera.imaging.geometry.TileSizes;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The worker's configuration ({@code tessera.inference.*}, or environment variables such as
 * {@code TESSERA_INFERENCE_DEVICE}). Values are read as given and validated in one place, {@link
 * InferenceSettings}, whose messages name the key and the allowed values.
 */
@ConfigMapping(prefix = "tessera.inference")
public interface InferenceConfig {
  /** {@code tessera.inference.model-path}: the ONNX model exported by the trainer. */
  String modelPath();

  /** {@code tessera.inference.device}: auto, cpu or cuda. */
  @WithDefault("auto")
  String device();

  /** {@code tessera.inference.device-id}: the CUDA device ordinal. */
  @WithDefault("0")
  int deviceId();

  /** {@code tessera.inference.cudnn-conv-algo-search}: EXHAUSTIVE, HEURISTIC or DEFAULT. */
  @WithDefault("EXHAUSTIVE")
  String cudnnConvAlgoSearch();

  /** {@code tessera.inference.gpu-mem-limit}: CUDA arena limit in bytes, 0 for none. */
  @WithDefault("0")
  long gpuMemLimit();

  /** {@code tessera.inference.intra-op-threads}: ONNX Runtime threads, 0 for one per core. */
  @WithDefault("0")
  int intraOpThreads();

  /** {@code tessera.inference.max-batch}: tiles per model run; 0 = the device's default (1 on the CPU, 16 on CUDA). */
  @WithDefault("0")
  int maxBatch();

  /**
   * {@code tessera.inference.tta}: test-time augmentation, {@code none} or {@code flip8} (the mean over the 8
   * orientations of each tile, 8 model runs per tile).
   */
  @WithDefault("none")
  String tta();

  /**
   * {@code tessera.inference.warmup-frame-sizes}: frame sizes ({@code 2048x2048,512x512}) whose tile
   * shapes the worker runs once before it takes tiles, so no shape's slow first run falls inside a
   * transaction (on a GPU: cuDNN's algorithm search for every convolution).
   */
  Optional<List<String>> warmupFrameSizes();

  /** {@code tessera.inference.warmup-max-input-size}: the tiler's {@code max-input-size}, to find those tile shapes. */
  @WithDefault("" + TileSizes.DEFAULT_MAX_INPUT_SIZE)
  int warmupMaxInputSize();

  /** {@code tessera.inference.linger}: how long a tile may wait for a fuller batch. */
  @WithDefault("20ms")
  Duration linger();

  /** {@code tessera.inference.poll-timeout}. */
  @WithDefault("500ms")
  Duration pollTimeout();

  /** {@code tessera.inference.transaction-timeout}: the producer's transaction.timeout.ms. */
  @WithDefault("60s")
  Duration transactionTimeout();

  /** {@code tessera.inference.group-id}: the consumer group all workers share. */
  @WithDefault("tessera-inference")
  String groupId();

  /**
   * {@code tessera.inference.transactional-id}: unique per worker, stable across its restarts;
   * defaults to {@code tessera-inference-<host name>}.
   */
  Optional<String> transactionalId();

  /**
   * {@code tessera.inference.max-failed-transactions}: readiness goes DOWN after this many failed
   * transactions in a row (broker unreachable, fenced, ...), UP again at the next commit.
   */
  @WithDefault("5")
  int maxFailedTransactions();

  /**
   * {@code tessera.inference.max-failed-runs}: readiness goes DOWN after this many model runs failed
   * in a row (their tiles go to the dead letters), UP again at the next run that succeeds.
   */
  @WithDefault("3")
  int maxFailedRuns();

  /**
   * {@code tessera.inference.liveness-timeout}: the poll loop must go round within this, and the
   * worker may not fail every transaction for longer than this.
   */
  @WithDefault("5m")
  Duration livenessTimeout();

  /** {@code tessera.inference.shutdown-timeout}: time to finish the open transaction at shutdown. */
  @WithDefault("30s")
  Duration shutdownTimeout();
}
