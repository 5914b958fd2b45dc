package dev.tessera.inference.worker;

import dev.tessera.records.Tile;
import dev.tessera.schemas.Rejection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records a worker has polled but not yet scored. It is ready to be drained when it holds
 * {@code maxBatch} records or its oldest record has waited {@code linger}. Draining takes
 * everything, so after each transaction nothing consumed is left uncommitted: the offsets a
 * transaction commits are exactly those of the records it scored or dead-lettered.
 */
final class PendingTiles {

  private final int maxBatch;
  private final long lingerNanos;
  private final List<Entry> entries = new ArrayList<>();

  PendingTiles(int maxBatch, long lingerNanos) {
    this.maxBatch = maxBatch;
    this.lingerNanos = lingerNanos;
  }

  void add(Entry entry) {
    entries.add(entry);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  int size() {
    return entries.size();
  }

  boolean ready(long nowNanos) {
    return entries.size() >= maxBatch || (!entries.isEmpty() && nowNanos - entries.get(0).arrivedNanos >= lingerNanos);
  }

  /** Nanoseconds until the linger of the oldest record ends; 0 when ready, -1 when empty. */
  long nanosUntilReady(long nowNanos) {
    if (entries.isEmpty()) {
      return -1;
    }
    return ready(nowNanos) ? 0 : entries.get(0).arrivedNanos + lingerNanos - nowNanos;
  }

  List<Entry> drain() {
    List<Entry> all = List.copyOf(entries);
    entries.clear();
    return all;
  }

  /** Forgets the records of partitions this worker no longer owns; their new owner reads them again. */
  void dropPartitions(Collection<Integer> partitions) {
    Set<Integer> gone = Set.copyOf(partitions);
    entries.removeIf(e -> gone.contains(e.partition));
  }

  void clear() {
    entries.clear();
  }

  /** For each partition, the offset after the last of {@code drained}: what the transaction commits. */
  static Map<Integer, Long> nextOffsets(List<Entry> drained) {
    Map<Integer, Long> next = new HashMap<>();
    for (Entry e : drained) {
      next.merge(e.partition, e.offset + 1, Math::max);
    }
    return next;
  }

  /**
   * One polled record: a tile to score, or the reason it cannot be.
   *
   * @param key the record key
   * @param partition source partition
   * @param offset source offset
   * @param value the record's bytes (copied into a dead letter when small)
   * @param tile the decoded tile, null when rejected before decoding
   * @param rejection why the tile cannot be scored, null when it can
   * @param arrivedNanos {@link System#nanoTime()} when it was polled
   * @param timestamp the tile record's timestamp (its frame's), carried over to the tile mask so the
   *     stitcher's timeouts follow the stream's progress, not the time the worker caught up
   */
  record Entry(String key, int partition, long offset, byte[] value, Tile tile, Rejection rejection, long arrivedNanos,
      long timestamp) {

    boolean accepted() {
      return rejection == null;
    }

    /** The batch key: tiles batch together only with tiles of the same input size. */
    long inputSize() {
      return ((long) tile.getInputWidth() << 32) | tile.getInputHeight();
    }
  }
}
