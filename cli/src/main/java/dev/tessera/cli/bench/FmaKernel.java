package dev.tessera.cli.bench;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FMA peak kernel ({@link FmaPeak} starts it): twelve independent chains of vector fused
 * multiply-adds at the widest vector the JIT supports (16 floats with AVX-512), on one thread per
 * core, best of several rounds after the JIT has compiled the loop. Twelve chains cover the FMA
 * latency times the FMA ports of current x86 cores, so the loop is bound by FMA throughput alone.
 */
final class FmaKernel {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int CHAINS = 12;
  private static final long ITERATIONS = 40_000_000L;
  private static final int ROUNDS = 4;

  private FmaKernel() {}

  /** Child-JVM entry point: prints {@code gflops threads lanes}. */
  public static void main(String[] args) throws InterruptedException {
    int threads = Integer.parseInt(args[0]);
    for (int i = 0; i < 20; i++) {
      chains(100_000); // let C2 compile the loop before any round is timed
    }
    double best = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Thread[] running = new Thread[threads];
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        running[t] = new Thread(() -> chains(ITERATIONS));
        running[t].start();
      }
      for (Thread t : running) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      best = Math.max(best, threads * (double) ITERATIONS * CHAINS * SPECIES.length() * 2 / seconds / 1e9);
    }
    System.out.println(String.format(Locale.ROOT, "%.1f %d %d", best, threads, SPECIES.length()));
  }

  /** {@code iterations} rounds of {@link #CHAINS} independent vector FMAs; returns a sum so nothing is dead code. */
  static float chains(long iterations) {
    FloatVector b = FloatVector.broadcast(SPECIES, 0.999f);
    FloatVector c = FloatVector.broadcast(SPECIES, 1e-4f);
    FloatVector a0 = FloatVector.broadcast(SPECIES, 1f);
    FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(b, c);
      a1 = a1.fma(b, c);
      a2 = a2.fma(b, c);
      a3 = a3.fma(b, c);
      a4 = a4.fma(b, c);
      a5 = a5.fma(b, c);
      a6 = a6.fma(b, c);
      a7 = a7.fma(b, c);
      a8 = a8.fma(b, c);
      a9 = a9.fma(b, c);
      a10 = a10.fma(b, c);
      a11 = a11.fma(b, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(VectorOperators.ADD);
  }
}
