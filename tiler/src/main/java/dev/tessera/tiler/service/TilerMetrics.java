package dev.tessera.tiler.service;

import dev.tessera.schemas.DeadLetterError;
import dev.tessera.service.DeadLetterCounters;
import dev.tessera.tiler.topology.TilerEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

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

  private final Counter frames;
  private final Counter tiles;
  private final DeadLetterCounters deadLetters;

  TilerMetrics(MeterRegistry registry) {
    this.frames = Counter.builder(FRAMES).description("Frames cut into tiles").register(registry);
    this.tiles = Counter.builder(TILES).description("Tiles written").register(registry);
    this.deadLetters = new DeadLetterCounters(registry, DEAD_LETTERS, List.of(DeadLetterError.DESERIALIZATION,
        DeadLetterError.INVALID_FRAME, DeadLetterError.FRAME_OVER_LIMIT));
  }

  @Override
  public void frameTiled(int count) {
    frames.increment();
    tiles.increment(count);
  }

  @Override
  public void deadLetter(String errorType) {
    deadLetters.increment(errorType);
  }

}
