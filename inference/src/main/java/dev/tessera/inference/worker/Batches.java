package dev.tessera.inference.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Grouping of tiles into batches: one input size per batch, at most a maximum size. */
public final class Batches {

  private Batches() {}

  /**
   * Splits {@code items} into batches of equal {@code sizeOf} and at most {@code maxBatch} items,
   * keeping arrival order within a size and ordering sizes by their first arrival.
   */
  public static <T> List<List<T>> of(List<T> items, Function<T, ?> sizeOf, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch " + maxBatch + " is not positive");
    }
    Map<Object, List<T>> bySize = new LinkedHashMap<>();
    for (T item : items) {
      bySize.computeIfAbsent(sizeOf.apply(item), k -> new ArrayList<>()).add(item);
    }
    List<List<T>> batches = new ArrayList<>();
    for (List<T> group : bySize.values()) {
      for (int i = 0; i < group.size(); i += maxBatch) {
        batches.add(List.copyOf(group.subList(i, Math.min(i + maxBatch, group.size()))));
      }
    }
    return batches;
  }
}
