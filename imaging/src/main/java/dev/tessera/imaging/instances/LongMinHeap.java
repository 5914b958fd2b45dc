package dev.tessera.imaging.instances;

import java.util.Arrays;

/**
 * A binary min-heap of {@code long} keys, each carrying an {@code int} payload, without boxing:
 * flooding a 2048x2048 frame pushes millions of pixels.
 */
final class LongMinHeap {

  private long[] keys;
  private int[] values;
  private int size;

  LongMinHeap(int capacity) {
    keys = new long[Math.max(16, capacity)];
    values = new int[keys.length];
  }

  boolean isEmpty() {
    return size == 0;
  }

  void push(long key, int value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (keys[parent] <= key) {
        break;
      }
      keys[i] = keys[parent];
      values[i] = values[parent];
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  long peekKey() {
    return keys[0];
  }

  /** Removes the smallest key and returns its payload. */
  int pop() {
    int top = values[0];
    long key = keys[--size];
    int value = values[size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && keys[child + 1] < keys[child]) {
        child++;
      }
      if (keys[child] >= key) {
        break;
      }
      keys[i] = keys[child];
      values[i] = values[child];
      i = child;
    }
    keys[i] = key;
    values[i] = value;
    return top;
  }

  /**
   * A key that orders by {@code value} descending, then by {@code tieBreak} ascending: the
   * highest value pops first, and equal values pop in insertion order when {@code tieBreak} is a
   * running counter.
   */
  static long descending(float value, int tieBreak) {
    int bits = Float.floatToIntBits(value);
    int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
    return ((long) ~sortable << 32) | (tieBreak & 0xffffffffL);
  }
}
