package dev.tessera.model.runtime;

/**
 * A model run failed inside ONNX Runtime (a shape it rejects, out of memory, a provider error).
 * Unchecked, so callers of {@link UNetModel} need no ONNX Runtime import.
 */
public final class InferenceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
