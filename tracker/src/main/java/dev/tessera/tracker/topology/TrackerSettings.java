package dev.tessera.tracker.topology;

import dev.tessera.imaging.tracking.Linker;
import dev.tessera.schemas.KafkaLimits;
import java.time.Duration;

/**
 * What the tracker is told, checked once.
 *
 * @param linking overlap, gap and division rules ({@link Linker.Options})
 * @param pairTimeout how long, in stream time, a frame's mask waits for its object table (or the
 *     other way round) before it is dead-lettered as {@code unpaired-frame}
 * @param summaryAfter how long, in wall-clock time, an acquisition must be quiet (no new frame)
 *     before its track summary is published
 * @param retention how long, in wall-clock time, a quiet acquisition's tracking state is kept; a
 *     frame after that starts its acquisition's tracks afresh
 * @param punctuateInterval how often timeouts and quiet acquisitions are checked
 * @param limits record sizes for the changelogs (pending masks are stored until their pair arrives)
 */
public record TrackerSettings(Linker.Options linking, Duration pairTimeout, Duration summaryAfter, Duration retention,
    Duration punctuateInterval, KafkaLimits limits) {

  public TrackerSettings {
    positive("pair-timeout", pairTimeout);
    positive("summary-after", summaryAfter);
    positive("retention", retention);
    positive("punctuate-interval", punctuateInterval);
    if (retention.compareTo(summaryAfter) <= 0) {
      throw new IllegalArgumentException("retention=" + retention + " must be longer than summary-after="
          + summaryAfter + ": an acquisition's summary is made from its state");
    }
  }

  /** Overlap 0.2, gaps of 2 frames, 2-minute pair timeout, summary after 5 quiet minutes, state kept a day. */
  public static TrackerSettings defaults() {
    return new TrackerSettings(Linker.Options.DEFAULTS, Duration.ofMinutes(2), Duration.ofMinutes(5),
        Duration.ofDays(1), Duration.ofSeconds(1), KafkaLimits.defaults());
  }

  public TrackerSettings withLinking(Linker.Options options) {
    return new TrackerSettings(options, pairTimeout, summaryAfter, retention, punctuateInterval, limits);
  }

  public TrackerSettings withLimits(KafkaLimits recordLimits) {
    return new TrackerSettings(linking, pairTimeout, summaryAfter, retention, punctuateInterval, recordLimits);
  }

  public TrackerSettings withTimes(Duration pair, Duration summary, Duration keep) {
    return new TrackerSettings(linking, pair, summary, keep, punctuateInterval, limits);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + "=" + d + " must be a positive duration");
    }
  }
}
