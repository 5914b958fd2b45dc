package dev.tessera.service;

import java.time.Clock;

/**
 * Events per second over a sliding window of whole seconds: one counter per second of the
 * window, each stamped with the second it counts, so a quiet period reads as zero without a timer.
 * For the services' {@code frames_per_second} gauges.
 */
public final class RateWindow {

  private final Clock clock;
  private final long[] seconds;
  private final long[] counts;

  public RateWindow(Clock clock, int windowSeconds) {
    this.clock = clock;
    this.seconds = new long[windowSeconds];
    this.counts = new long[windowSeconds];
  }

  public synchronized void add() {
    long now = clock.millis() / 1000;
    int slot = (int) (now % seconds.length);
    if (seconds[slot] != now) {
      seconds[slot] = now;
      counts[slot] = 0;
    }
    counts[slot]++;
  }

  /** Events in the last {@code windowSeconds} whole seconds, divided by the window. */
  public synchronized double perSecond() {
    long now = clock.millis() / 1000;
    long total = 0;
    for (int i = 0; i < seconds.length; i++) {
      if (now - seconds[i] < seconds.length) {
        total += counts[i];
      }
    }
    return (double) total / seconds.length;
  }
}
