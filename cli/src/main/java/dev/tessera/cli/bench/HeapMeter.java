package dev.tessera.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest live heap of a run: the heap in use right after a garbage collection (what the
 * collector could not free), sampled every 100 ms from the JVM's own counters and kept at its
 * maximum. Unlike the pools' peaks, garbage waiting for the next collection does not count.
 */
public final class HeapMeter implements AutoCloseable {

  private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  /** Starts sampling. */
  public HeapMeter() {
    sampler = new Thread(() -> {
      while (running) {
        long live = 0;
        for (MemoryPoolMXBean p : pools) {
          MemoryUsage u = p.getCollectionUsage();
          live += u == null ? 0 : u.getUsed();
        }
        maxAfterGc.accumulateAndGet(live, Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-meter");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** The largest heap in use after a collection so far, MiB. */
  public long maxLiveMiB() {
    return maxAfterGc.get() >> 20;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
