package dev.tessera.cli.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU utilisation of this process over a window: CPU time used ÷ (wall time × cores), so 1.0 means
 * every core busy with this process for the whole window.
 */
final class CpuMeter {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long cpuStart = OS.getProcessCpuTime();
  private final long wallStart = System.nanoTime();

  /** Utilisation from construction until now. */
  double utilisation() {
    long wall = System.nanoTime() - wallStart;
    return wall <= 0 ? 0 : (OS.getProcessCpuTime() - cpuStart) / ((double) wall * Runtime.getRuntime().availableProcessors());
  }

  /** The load average of the last minute (other processes included), or -1 where the OS has none. */
  static double loadAverage() {
    return OS.getSystemLoadAverage();
  }
}
