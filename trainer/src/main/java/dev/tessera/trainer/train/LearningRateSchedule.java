package dev.tessera.trainer.train;

import java.util.Locale;

/**
 * The learning rate of every step: constant, or a linear warm-up from zero followed by a cosine
 * decay to {@link #FINAL_FRACTION} of the base rate at the last step. Long runs on a small
 * machine need the decay to settle: a constant Adam rate keeps the validation curve noisy.
 *
 * @param kind {@code constant} or {@code cosine}
 * @param warmup steps of linear warm-up (0: none)
 */
public record LearningRateSchedule(String kind, int warmup) {

  /** The cosine schedule ends at this fraction of the base rate. */
  public static final double FINAL_FRACTION = 0.01;

  /** The schedule of runs that do not name one. */
  public static final LearningRateSchedule CONSTANT = new LearningRateSchedule("constant", 0);

  /**
   * @throws IllegalArgumentException naming {@code --schedule} and its allowed values
   */
  public LearningRateSchedule {
    kind = kind == null ? "constant" : kind.toLowerCase(Locale.ROOT);
    if (!kind.equals("constant") && !kind.equals("cosine")) {
      throw new IllegalArgumentException("--schedule must be constant, cosine or cosine:WARMUP_STEPS, was " + kind);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--schedule warm-up steps must be 0 or more, was " + warmup);
    }
  }

  /**
   * Parses {@code constant}, {@code cosine} or {@code cosine:WARMUP_STEPS}.
   *
   * @throws IllegalArgumentException naming {@code --schedule} and its allowed values
   */
  public static LearningRateSchedule parse(String spec) {
    String s = spec == null ? "constant" : spec.trim();
    int colon = s.indexOf(':');
    if (colon < 0) {
      return new LearningRateSchedule(s, 0);
    }
    try {
      return new LearningRateSchedule(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--schedule must be constant, cosine or cosine:WARMUP_STEPS, was " + s);
    }
  }

  /**
   * The rate of step {@code step} (1-based) of {@code steps}, for base rate {@code base}.
   */
  public double rate(double base, int step, int steps) {
    if (warmup > 0 && step <= warmup) {
      return base * step / warmup;
    }
    if (kind.equals("constant")) {
      return base;
    }
    int decaySteps = Math.max(1, steps - warmup);
    double progress = Math.min(1.0, (step - warmup) / (double) decaySteps);
    double floor = base * FINAL_FRACTION;
    return floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  @Override
  public String toString() {
    return warmup > 0 ? kind + ":" + warmup : kind;
  }
}
