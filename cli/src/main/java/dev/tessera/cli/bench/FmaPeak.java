package dev.tessera.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The machine's measured single-precision FMA peak, from {@link FmaKernel} run in a child JVM:
 * the Vector API is an incubator module, so only that child starts with
 * {@code --add-modules jdk.incubator.vector} and the launcher's own JVM stays free of it.
 */
public final class FmaPeak {

  /**
   * The measurement.
   *
   * @param gflops best rate over the rounds, GFLOP/s (one FMA = 2 FLOP)
   * @param threads threads that ran the kernel at once
   * @param lanes floats per vector
   */
  public record Result(double gflops, int threads, int lanes) {
    public String describe() {
      return String.format(Locale.ROOT, "%.0f GFLOP/s (FP32 FMA, %d threads, %d lanes)", gflops, threads, lanes);
    }
  }

  private FmaPeak() {}

  /** Runs the kernel in a child JVM on {@code threads} threads. */
  public static Result measure(int threads) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), FmaKernel.class.getName(), Integer.toString(threads)));
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
        throw new IllegalStateException("The FMA peak kernel failed (" + String.join(" ", command) + "): " + out);
      }
      String[] f = out.split(" ");
      return new Result(Double.parseDouble(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the FMA peak kernel: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while measuring the FMA peak", e);
    }
  }
}
