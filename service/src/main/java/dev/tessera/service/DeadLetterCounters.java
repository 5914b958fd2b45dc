package dev.tessera.service;

import dev.tessera.schemas.DeadLetterError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's dead letters counted by error type: one Micrometer counter {@code <name>{error_type}}
 * per type, the stage's own types registered up front so a dashboard shows zero rather than no
 * series, any other type (a {@code processing-error}) registered when it first happens.
 */
public final class DeadLetterCounters {

  private final MeterRegistry registry;
  private final String name;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /**
   * @param name the meter's name, e.g. {@code tessera.tiler.dead.letters}
   * @param upFront the error types the stage writes
   */
  public DeadLetterCounters(MeterRegistry registry, String name, List<DeadLetterError> upFront) {
    this.registry = registry;
    this.name = name;
    upFront.forEach(type -> counter(type.code()));
  }

  /** Counts one dead letter of this error type (a {@link DeadLetterError} code). */
  public void increment(String errorType) {
    counter(errorType).increment();
  }

  private Counter counter(String errorType) {
    return counters.computeIfAbsent(errorType, type -> Counter.builder(name)
        .description("Records and frames sent to the dead-letter topic").tag("error_type", type).register(registry));
  }
}
