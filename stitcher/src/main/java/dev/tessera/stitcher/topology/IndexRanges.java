package dev.tessera.stitcher.topology;

import java.util.List;

/** Formats ascending indices compactly for messages: {@code [2, 5-9, 12]}. */
final class IndexRanges {

  private IndexRanges() {}

  static String format(List<Integer> ascending) {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    while (i < ascending.size()) {
      int start = ascending.get(i);
      int end = start;
      while (i + 1 < ascending.size() && ascending.get(i + 1) == end + 1) {
        end = ascending.get(++i);
      }
      sb.append(sb.length() == 1 ? "" : ", ").append(start);
      if (end > start) {
        sb.append('-').append(end);
      }
      i++;
    }
    return sb.append(']').toString();
  }
}
