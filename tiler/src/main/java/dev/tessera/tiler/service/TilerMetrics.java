package dev.tessera.tiler.service;

import dev.tessera.schemas.DeadLetterError;
import dev.tessera.tiler.topology.TilerEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tiler's Micrometer counters, exported at {@code /q/metrics}: {@code tessera_tiler_frames_total},
 * {@code tessera_tiler_tiles_total} and {@code tessera_tiler_dead_letters_total{error_type}}; rates
 * (frames/s, tiles/s) come from the monitoring system ({@code rate(...)}).
 */
@ApplicationScoped
@Startup // its series exist from the start, at zero, not from the first frame
public class TilerMetrics implements TilerEvents {

  static final String FRAMES = "tessera.tiler.frames";
  static final String TILES = "tessera.tiler.tiles";
  static final String DEAD_LETTERS = "tessera.tiler.dead.letters";

  private final MeterRegistry registry;
  private final Counter frames;
  private final Counter tiles;
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

  TilerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.frames = Counter.builder(FRAMES).description("Frames cut into tiles").register(registry);
    this.tiles = Counter.builder(TILES).description("Tiles written").register(registry);
    // Registered up front so a dashboard shows zero rather than no series.
    List.of(DeadLetterError.DESERIALIZATION, DeadLetterError.INVALID_FRAME, DeadLetterError.FRAME_OVER_LIMIT)
        .forEach(type -> deadLetterCounter(type.code()));
  }

  @Override
  public void frameTiled(int count) {
    frames.increment();
    tiles.increment(count);
  }

  @Override
  public void deadLetter(String errorType) {
    deadLetterCounter(errorType).increment();
  }

  private Counter deadLetterCounter(String errorType) {
    return deadLetters.computeIfAbsent(errorType, type -> Counter.builder(DEAD_LETTERS)
        .description("Records sent to the dead-letter topic").tag("error_type", type).register(registry));
  }
}
