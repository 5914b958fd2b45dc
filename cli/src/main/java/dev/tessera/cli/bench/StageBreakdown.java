package dev.tessera.cli.bench;

import dev.tessera.cli.local.Summary;
import java.util.List;
import java.util.Locale;

/**
 * Where a frame's time goes: the median of each hop over a set of {@link FrameTrip}s. The medians
 * of the hops need not add up to the median latency.
 *
 * @param medianMillis median of each of {@link #HOPS}, milliseconds
 */
public record StageBreakdown(double[] medianMillis) {

  /** The hops, each named by the stages at its two ends and what happens in between. */
  public static final List<String> HOPS = List.of(
      "published → tiled (frames topic, tiler)",
      "tiled → first tile scored (tiles topic, worker queue, one tile's inference)",
      "first → last tile scored (the frame's other tiles)",
      "last tile scored → stitched (worker commit, tile-masks topic, stitcher)",
      "stitched → read (stitcher commit, masks and objects topics)");

  /** The medians over {@code trips}; zeros when there are none. */
  public static StageBreakdown of(List<FrameTrip> trips) {
    double[] medians = new double[HOPS.size()];
    for (int h = 0; h < medians.length; h++) {
      int hop = h;
      medians[h] = Summary.percentile(trips.stream().mapToDouble(t -> t.hops()[hop]).sorted().toArray(), 50);
    }
    return new StageBreakdown(medians);
  }

  /** The medians as a JSON array. */
  public String toJson() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < medianMillis.length; i++) {
      b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", medianMillis[i]));
    }
    return b.append(']').toString();
  }
}
