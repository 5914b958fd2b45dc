package dev.tessera.stitcher.service;

import dev.tessera.schemas.DeadLetterError;
import dev.tessera.service.DeadLetterCounters;
import dev.tessera.service.RateWindow;
import dev.tessera.stitcher.topology.StitcherListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stitcher's Micrometer meters, exported at {@code /q/metrics}:
 * {@code tessera_stitcher_frames_total} (published), {@code tessera_stitcher_frames_per_second}
 * (over the last minute), {@code tessera_stitcher_open_frames} and
 * {@code tessera_stitcher_held_frames} (state in use), {@code tessera_stitcher_timeouts_total},
 * {@code tessera_stitcher_evictions_total} (frames given up by the open-frame limit),
 * {@code tessera_stitcher_duplicate_tiles_total},
 * {@code tessera_stitcher_dead_letters_total{error_type}}, the capture-to-stitch latency and the
 * cells per frame.
 */
@ApplicationScoped
public class StitcherMetrics implements StitcherListener {

  static final String FRAMES = "tessera.stitcher.frames";
  static final String OUT_OF_ORDER = "tessera.stitcher.frames.out.of.order";
  static final String FRAMES_PER_SECOND = "tessera.stitcher.frames.per.second";
  static final String OPEN_FRAMES = "tessera.stitcher.open.frames";
  static final String HELD_FRAMES = "tessera.stitcher.held.frames";
  static final String TIMEOUTS = "tessera.stitcher.timeouts";
  static final String EVICTIONS = "tessera.stitcher.evictions";
  static final String DUPLICATES = "tessera.stitcher.duplicate.tiles";
  static final String DEAD_LETTERS = "tessera.stitcher.dead.letters";
  static final String LATENCY = "tessera.stitcher.capture.to.stitch";
  static final String CELLS = "tessera.stitcher.cells";

  private final Counter frames;
  private final Counter timeouts;
  private final Counter evictions;
  private volatile Instant lastEviction;
  private final Counter duplicates;
  private final Counter outOfOrder;
  private final Timer latency;
  private final DistributionSummary cells;
  private final AtomicLong openFrames = new AtomicLong();
  private final AtomicLong heldFrames = new AtomicLong();
  private final RateWindow rate = new RateWindow(Clock.systemUTC(), 60);
  private final DeadLetterCounters deadLetters;

  StitcherMetrics(MeterRegistry registry) {
    frames = Counter.builder(FRAMES).description("Frames whose mask and object table were published")
        .register(registry);
    timeouts = Counter.builder(TIMEOUTS).description("Frames given up incomplete (timeout or open-frame limit)")
        .register(registry);
    evictions = Counter.builder(EVICTIONS).description("Frames given up by the open-frame limit (load shed)")
        .register(registry);
    duplicates = Counter.builder(DUPLICATES).description("Tile masks that arrived again and changed nothing")
        .register(registry);
    outOfOrder = Counter.builder(OUT_OF_ORDER).description(
        "Frames published after later frames of their acquisition (header tessera.out-of-order)").register(registry);
    latency = Timer.builder(LATENCY).description("From the frame's capture to its stitching").register(registry);
    cells = DistributionSummary.builder(CELLS).description("Cells per published frame").register(registry);
    Gauge.builder(OPEN_FRAMES, openFrames, AtomicLong::get).description("Frames holding tile state")
        .register(registry);
    Gauge.builder(HELD_FRAMES, heldFrames, AtomicLong::get).description("Finished frames held for in-order publication")
        .register(registry);
    Gauge.builder(FRAMES_PER_SECOND, rate, RateWindow::perSecond).description("Frames published per second, last minute")
        .register(registry);
    deadLetters = new DeadLetterCounters(registry, DEAD_LETTERS, List.of(DeadLetterError.DESERIALIZATION,
        DeadLetterError.WRONG_KEY, DeadLetterError.INVALID_TILE_MASK, DeadLetterError.GEOMETRY_MISMATCH,
        DeadLetterError.MIXED_MODELS, DeadLetterError.INCOMPLETE_FRAME, DeadLetterError.FRAME_CLOSED,
        DeadLetterError.TOO_MANY_INSTANCES, DeadLetterError.DUPLICATE_FRAME_ID, DeadLetterError.FAILED_TILES));
  }

  @Override
  public void frameEvicted() {
    evictions.increment();
    lastEviction = Instant.now();
  }

  @Override
  public void framePublishedOutOfOrder() {
    outOfOrder.increment();
  }

  @Override
  public void framePublished(long captureToStitchMillis, int cellCount) {
    frames.increment();
    rate.add();
    latency.record(Duration.ofMillis(Math.max(0, captureToStitchMillis)));
    cells.record(cellCount);
  }

  @Override
  public void frameTimedOut() {
    timeouts.increment();
  }

  @Override
  public void deadLetter(String errorType) {
    deadLetters.increment(errorType);
  }

  @Override
  public void duplicateTile() {
    duplicates.increment();
  }

  @Override
  public void openFramesChanged(int delta) {
    openFrames.addAndGet(delta);
  }

  @Override
  public void heldFramesChanged(int delta) {
    heldFrames.addAndGet(delta);
  }

  long openFrames() {
    return openFrames.get();
  }

  long heldFrames() {
    return heldFrames.get();
  }

  double framesPublished() {
    return frames.count();
  }

  double timeouts() {
    return timeouts.count();
  }

  /** When the open-frame limit last evicted a frame, if it ever did. */
  Optional<Instant> lastEviction() {
    return Optional.ofNullable(lastEviction);
  }

}
