package dev.tessera.tracker.service;

import dev.tessera.schemas.DeadLetterError;
import dev.tessera.service.DeadLetterCounters;
import dev.tessera.service.RateWindow;
import dev.tessera.tracker.topology.TrackerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tracker's Micrometer meters, exported at {@code /q/metrics}: {@code
 * tessera_tracker_frames_total} (tracked), {@code tessera_tracker_frames_per_second} (last minute),
 * {@code tessera_tracker_tracks_started_total}, {@code tessera_tracker_divisions_total}, {@code
 * tessera_tracker_summaries_total}, {@code tessera_tracker_acquisitions} (with state), {@code
 * tessera_tracker_dead_letters_total{error_type}}, the capture-to-track latency and the cells per frame.
 */
@ApplicationScoped
public class TrackerMetrics implements TrackerListener {

  static final String FRAMES = "tessera.tracker.frames";
  static final String FRAMES_PER_SECOND = "tessera.tracker.frames.per.second";
  static final String STARTED = "tessera.tracker.tracks.started";
  static final String DIVISIONS = "tessera.tracker.divisions";
  static final String SUMMARIES = "tessera.tracker.summaries";
  static final String ACQUISITIONS = "tessera.tracker.acquisitions";
  static final String DEAD_LETTERS = "tessera.tracker.dead.letters";
  static final String LATENCY = "tessera.tracker.capture.to.track";
  static final String CELLS = "tessera.tracker.cells";

  private final Counter frames;
  private final Counter started;
  private final Counter divisions;
  private final Counter summaries;
  private final Timer latency;
  private final DistributionSummary cells;
  private final AtomicLong acquisitions = new AtomicLong();
  private final RateWindow rate = new RateWindow(Clock.systemUTC(), 60);
  private final DeadLetterCounters deadLetters;

  TrackerMetrics(MeterRegistry registry) {
    frames = Counter.builder(FRAMES).description("Frames whose tracks were published").register(registry);
    started = Counter.builder(STARTED).description("Tracks started without a mother (not at a division)")
        .register(registry);
    divisions = Counter.builder(DIVISIONS).description("Divisions found").register(registry);
    summaries = Counter.builder(SUMMARIES).description("Track summaries published").register(registry);
    latency = Timer.builder(LATENCY).description("From the frame's capture to its tracks").register(registry);
    cells = DistributionSummary.builder(CELLS).description("Cells per tracked frame").register(registry);
    Gauge.builder(ACQUISITIONS, acquisitions, AtomicLong::get).description("Acquisitions with tracking state")
        .register(registry);
    Gauge.builder(FRAMES_PER_SECOND, rate, RateWindow::perSecond).description("Frames tracked per second, last minute")
        .register(registry);
    deadLetters = new DeadLetterCounters(registry, DEAD_LETTERS, List.of(DeadLetterError.DESERIALIZATION,
        DeadLetterError.WRONG_KEY, DeadLetterError.FRAME_OUT_OF_ORDER, DeadLetterError.MISSING_FRAMES,
        DeadLetterError.OBJECTS_CONTRADICT_MASK, DeadLetterError.MASK_WITHOUT_INSTANCES, DeadLetterError.UNPAIRED_FRAME));
  }

  @Override
  public void frameTracked(long captureToTrackMillis, int cellCount, int tracksStarted, int divisionCount) {
    frames.increment();
    rate.add();
    started.increment(tracksStarted);
    divisions.increment(divisionCount);
    latency.record(Duration.ofMillis(Math.max(0, captureToTrackMillis)));
    cells.record(cellCount);
  }

  @Override
  public void summaryPublished(int tracks) {
    summaries.increment();
  }

  @Override
  public void deadLetter(String errorType) {
    deadLetters.increment(errorType);
  }

  @Override
  public void acquisitionsChanged(int delta) {
    acquisitions.addAndGet(delta);
  }

  long acquisitions() {
    return acquisitions.get();
  }

  double framesTracked() {
    return frames.count();
  }

  double summaries() {
    return summaries.count();
  }

}
