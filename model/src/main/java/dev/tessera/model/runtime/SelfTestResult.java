package dev.tessera.model.runtime;

import dev.tessera.imaging.model.ModelCard;
import java.util.Arrays;

/**
 * The outcome of a model's self-test at load: its output on {@link ModelCard#selfTestInput(int)}
 * against the class means stored at export.
 *
 * @param expected the stored expectation, {@link ModelCard.SelfTest#NONE} when the model has none
 * @param actual the class means measured at load
 * @param passed whether every class mean is within {@link #TOLERANCE} of the expectation (true
 *     when there is no expectation: such a model is run and its means logged, not refused)
 */
public record SelfTestResult(ModelCard.SelfTest expected, ModelCard.SelfTest actual, boolean passed) {

  /**
   * Absolute tolerance on a class mean. Means of probabilities over thousands of pixels differ
   * between CPU kernels, GPU kernels and TF32 by far less; a wrong model or corrupted weights
   * move them by far more.
   */
  public static final double TOLERANCE = 1e-3;

  /** Compares {@code actual} with {@code expected}. */
  public static SelfTestResult of(ModelCard.SelfTest expected, ModelCard.SelfTest actual) {
    if (expected.isEmpty()) {
      return new SelfTestResult(expected, actual, true);
    }
    boolean ok = expected.inputSize() == actual.inputSize()
        && expected.classMeans().length == actual.classMeans().length;
    for (int i = 0; ok && i < expected.classMeans().length; i++) {
      ok = Math.abs(expected.classMeans()[i] - actual.classMeans()[i]) <= TOLERANCE;
    }
    return new SelfTestResult(expected, actual, ok);
  }

  /** Whether the model carried an expectation to check. */
  public boolean checked() {
    return !expected.isEmpty();
  }

  /** One line for logs and health details. */
  public String describe() {
    if (!checked()) {
      return "no stored self-test; measured " + actual.format();
    }
    return (passed ? "passed" : "FAILED") + ": expected " + Arrays.toString(expected.classMeans()) + ", got "
        + Arrays.toString(actual.classMeans()) + " (size " + actual.inputSize() + ", tolerance " + TOLERANCE + ")";
  }
}
