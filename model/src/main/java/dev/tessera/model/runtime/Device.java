package dev.tessera.model.runtime;

/**
 * Where a model runs. {@code AUTO} uses CUDA when ONNX Runtime's CUDA provider loads and falls
 * back to the CPU with one warning otherwise; {@code CUDA} fails at load with a message naming
 * the missing library; {@code CPU} never tries CUDA.
 */
public enum Device {
  AUTO, CPU, CUDA;

  /**
   * Parses {@code auto}, {@code cpu} or {@code cuda} (any case).
   *
   * @param key the configuration key, named in the error message
   * @throws IllegalArgumentException naming the key, the value and the allowed values
   */
  public static Device parse(String key, String value) {
    return ConfigValues.parse(Device.class, key, value);
  }
}
