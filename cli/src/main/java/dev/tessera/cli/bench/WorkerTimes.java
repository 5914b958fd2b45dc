package dev.tessera.cli.bench;

import dev.tessera.inference.worker.WorkerListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the inference worker spent a window, from its own reports: computing (pre-processing, model
 * run, post-processing), the rest of its transactions (begin, send, offsets, commit), and what is
 * left of the window (polling, lingering, waiting for tiles).
 */
public final class WorkerTimes implements WorkerListener {

  private final AtomicLong computeNanos = new AtomicLong();
  private final AtomicLong transactionNanos = new AtomicLong();
  private final AtomicLong tiles = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();

  @Override
  public void batchScored(int batchSize, long queueNanos, long computeNanos) {
    this.computeNanos.addAndGet(computeNanos);
    tiles.addAndGet(batchSize);
    batches.incrementAndGet();
  }

  @Override
  public void committed(int tileMasks, int deadLetters, long transactionNanos) {
    this.transactionNanos.addAndGet(transactionNanos);
    transactions.incrementAndGet();
  }

  /** The counters now, to subtract from a later one. */
  public Snapshot snapshot() {
    return new Snapshot(System.nanoTime(), computeNanos.get(), transactionNanos.get(), tiles.get(), batches.get(),
        transactions.get());
  }

  /**
   * The worker's counters at one moment.
   *
   * @param atNanos when
   * @param computeNanos time computing so far
   * @param transactionNanos time in transactions so far (computing included)
   * @param tiles tiles scored so far
   * @param batches model runs so far
   * @param transactions transactions committed so far
   */
  public record Snapshot(long atNanos, long computeNanos, long transactionNanos, long tiles, long batches,
      long transactions) {

    /** What happened between {@code earlier} and this snapshot. */
    public Window since(Snapshot earlier) {
      return new Window((atNanos - earlier.atNanos) / 1e9, (computeNanos - earlier.computeNanos) / 1e9,
          (transactionNanos - earlier.transactionNanos - (computeNanos - earlier.computeNanos)) / 1e9,
          tiles - earlier.tiles, batches - earlier.batches, transactions - earlier.transactions);
    }
  }

  /**
   * The worker over a window.
   *
   * @param seconds the window
   * @param computeSeconds computing
   * @param transactionOverheadSeconds in transactions but not computing
   * @param tiles tiles scored
   * @param batches model runs
   * @param transactions transactions committed
   */
  public record Window(double seconds, double computeSeconds, double transactionOverheadSeconds, long tiles,
      long batches, long transactions) {

    /** The same window with the workers' times shared out over {@code workers} parallel workers. */
    public Window perWorker(int workers) {
      return new Window(seconds * workers, computeSeconds, transactionOverheadSeconds, tiles, batches, transactions);
    }

    /** The rest of the window: polling, lingering, waiting for tiles. */
    public double otherSeconds() {
      return seconds - computeSeconds - transactionOverheadSeconds;
    }
  }
}
