package dev.tessera.model.runtime;

/**
 * cuDNN's convolution algorithm search on CUDA (ONNX Runtime's {@code cudnn_conv_algo_search}).
 * {@code EXHAUSTIVE} (ONNX Runtime's default) benchmarks every algorithm on the first run of each
 * new input shape, which makes that run slow (DESIGN.md section 9); {@code HEURISTIC} picks from
 * cuDNN's heuristics at once; {@code DEFAULT} always uses the default algorithm.
 */
public enum ConvAlgoSearch {
  EXHAUSTIVE, HEURISTIC, DEFAULT;

  /**
   * Parses the name (any case).
   *
   * @throws IllegalArgumentException naming the key, the value and the allowed values
   */
  public static ConvAlgoSearch parse(String key, String value) {
    return ConfigValues.parse(ConvAlgoSearch.class, key, value);
  }
}
