package dev.tessera.model.runtime;

import java.util.Objects;

/**
 * How a {@link UNetModel} is run.
 *
 * @param device {@code AUTO}, {@code CPU} or {@code CUDA}
 * @param deviceId the CUDA device ordinal
 * @param convAlgoSearch cuDNN convolution algorithm search (CUDA only)
 * @param gpuMemLimitBytes CUDA memory arena limit in bytes, 0 for ONNX Runtime's default (no limit)
 * @param intraOpThreads ONNX Runtime intra-op threads, 0 for one per physical core
 * @param cachedShapes how many (batch, height, width) input/output buffer pairs to keep; each pair
 *     holds one batch of input and output, so a worker's memory is bounded by its batch size
 */
public record ModelOptions(Device device, int deviceId, ConvAlgoSearch convAlgoSearch, long gpuMemLimitBytes,
    int intraOpThreads, int cachedShapes) {

  public ModelOptions {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(convAlgoSearch, "convAlgoSearch");
    if (deviceId < 0) {
      throw new IllegalArgumentException("device-id=" + deviceId + " must be 0 or more");
    }
    if (gpuMemLimitBytes < 0) {
      throw new IllegalArgumentException("gpu-mem-limit=" + gpuMemLimitBytes
          + " must be 0 (no limit) or a number of bytes");
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op-threads=" + intraOpThreads
          + " must be 0 (one per core) or more");
    }
    if (cachedShapes < 1) {
      throw new IllegalArgumentException("cachedShapes=" + cachedShapes + " must be at least 1");
    }
  }

  /** The defaults: {@code auto} device 0, exhaustive search, no memory limit, all cores. */
  public static ModelOptions defaults() {
    return new ModelOptions(Device.AUTO, 0, ConvAlgoSearch.EXHAUSTIVE, 0, 0, 4);
  }

  /** The CPU with all cores: what tests and the benchmark use. */
  public static ModelOptions cpu() {
    return defaults().withDevice(Device.CPU);
  }

  public ModelOptions withDevice(Device d) {
    return new ModelOptions(d, deviceId, convAlgoSearch, gpuMemLimitBytes, intraOpThreads, cachedShapes);
  }

  public ModelOptions withIntraOpThreads(int threads) {
    return new ModelOptions(device, deviceId, convAlgoSearch, gpuMemLimitBytes, threads, cachedShapes);
  }
}
