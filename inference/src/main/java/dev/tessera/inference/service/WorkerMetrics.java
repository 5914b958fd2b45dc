package dev.tessera.inference.service;

import dev.tessera.model.runtime.UNetModel;
import dev.tessera.inference.worker.WorkerListener;
import dev.tessera.inference.worker.WorkerStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Micrometer metrics of the worker: tiles scored (rate = tiles/s), batch sizes, queue, compute and
 * transaction times, dead letters by kind, aborted transactions, assigned partitions, and the
 * device and model as tags of an info gauge.
 */
final class WorkerMetrics implements WorkerListener {

  private final MeterRegistry registry;
  private final Counter tiles;
  private final Counter aborted;
  private final DistributionSummary batchSize;
  private final Timer queueTime;
  private final Timer computeTime;
  private final Timer transactionTime;

  WorkerMetrics(MeterRegistry registry, UNetModel model, Supplier<Optional<WorkerStatus>> status) {
    this.registry = registry;
    this.tiles = Counter.builder("tessera.inference.tiles").description("Tile masks committed").register(registry);
    this.aborted = Counter.builder("tessera.inference.transactions.aborted")
        .description("Transactions aborted or of unknown outcome, then retried").register(registry);
    this.batchSize = DistributionSummary.builder("tessera.inference.batch.size").description("Tiles per model run")
        .register(registry);
    this.queueTime = Timer.builder("tessera.inference.queue.time")
        .description("Time the oldest tile of a batch waited between poll and scoring").register(registry);
    this.computeTime = Timer.builder("tessera.inference.compute.time")
        .description("Pre-processing, model run and post-processing of a batch").register(registry);
    this.transactionTime = Timer.builder("tessera.inference.transaction.time")
        .description("Scoring, producing and committing one transaction").register(registry);
    Gauge.builder("tessera.inference.device", () -> 1)
        .description("Where the model runs (tags), always 1")
        .tag("device", model.device())
        .tag("fallback", model.deviceFallback().isPresent() ? "true" : "false")
        .tag("model", model.modelId())
        .tag("sha256", model.sha256())
        .register(registry);
    Gauge.builder("tessera.inference.assigned.partitions",
            () -> status.get().map(WorkerStatus::assignedPartitions).orElse(0))
        .description("Tiles partitions assigned to this worker").register(registry);
  }

  @Override
  public void batchScored(int size, long queueNanos, long computeNanos) {
    batchSize.record(size);
    queueTime.record(queueNanos, TimeUnit.NANOSECONDS);
    computeTime.record(computeNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void deadLettered(String errorType) {
    registry.counter("tessera.inference.dead.letters", "type", errorType).increment();
  }

  @Override
  public void committed(int tileMasks, int deadLetters, long transactionNanos) {
    tiles.increment(tileMasks);
    transactionTime.record(transactionNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void aborted(Throwable cause) {
    aborted.increment();
  }
}
