package dev.tessera.cli.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * The arrival rate of the bench's rate mode: frames per second ({@code 1.5}), or a fraction of the
 * bare throughput measured in the same run ({@code 0.8x}).
 */
public record ArrivalRate(double value, boolean relativeToBare) {

  /** Parses {@code --rate}: {@code none}, a positive number of frames per second, or a positive fraction with {@code x}. */
  public static Optional<ArrivalRate> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none")) {
      return Optional.empty();
    }
    boolean relative = t.endsWith("x");
    double v;
    try {
      v = Double.parseDouble(relative ? t.substring(0, t.length() - 1) : t);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("--rate must be 'none', frames per second (e.g. 1.5) or a fraction of the bare"
          + " throughput (e.g. 0.8x), was '" + text + "'");
    }
    return Optional.of(new ArrivalRate(v, relative));
  }

  /** Frames per second, given the bare throughput of this frame size. */
  public double framesPerSecond(double bareFramesPerSecond) {
    return relativeToBare ? value * bareFramesPerSecond : value;
  }

  @Override
  public String toString() {
    return relativeToBare ? value + "x bare" : value + " frames/s";
  }
}
