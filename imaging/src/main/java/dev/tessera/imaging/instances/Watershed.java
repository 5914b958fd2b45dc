package dev.tessera.imaging.instances;

/**
 * Splits touching cells: a marker-based watershed on the distance transform. Markers are the
 * regional maxima of the h-maxima transform of the exact Euclidean distance transform, so two
 * round cells joined by a neck become two markers when each centre lies more than {@code h}
 * pixels higher than the neck (farther from the background than the neck by more than h); the foreground is then flooded from the markers in order of
 * decreasing distance (equal distances first come, first served), so each pixel joins the cell
 * whose centre reaches it first. No watershed line is drawn: every foreground pixel keeps a
 * label, and flooding never crosses background, so cells are only ever split, never merged.
 */
public final class Watershed {

  private Watershed() {}

  /**
   * The cells of the foreground of {@code mask}.
   *
   * @param mask one byte per pixel, non-zero is foreground
   * @param h the depth, in pixels, the distance valley between two cell centres must exceed for
   *     them to become two cells; 0 splits at every regional maximum
   * @return cells numbered 1..K in raster order of their first pixel
   */
  public static Instances split(byte[] mask, int width, int height, Connectivity connectivity, double h) {
    if (!(h >= 0)) {
      throw new IllegalArgumentException("watershed-h=" + h + " must be at least 0");
    }
    float[] dist = DistanceTransform.euclidean(mask, width, height);
    float[] rec = reconstructBelow(mask, width, height, connectivity, dist, (float) h);
    int[] labels = new int[mask.length];
    int markers = regionalMaxima(mask, width, height, connectivity, rec, labels);
    flood(mask, width, height, connectivity, dist, labels);
    return Instances.renumbered(width, height, labels, markers);
  }

  /**
   * The h-maxima transform: the morphological reconstruction by dilation of {@code dist - h}
   * under {@code dist}, over the foreground, by a highest-first priority flood.
   */
  private static float[] reconstructBelow(byte[] mask, int width, int height, Connectivity connectivity,
      float[] dist, float h) {
    float[] rec = new float[mask.length];
    LongMinHeap heap = new LongMinHeap(mask.length);
    for (int p = 0; p < mask.length; p++) {
      if (mask[p] != 0) {
        rec[p] = dist[p] - h;
        heap.push(LongMinHeap.descending(rec[p], p), p);
      }
    }
    int[] nb = new int[8];
    while (!heap.isEmpty()) {
      long key = heap.peekKey();
      int p = heap.pop();
      if (key != LongMinHeap.descending(rec[p], p)) {
        continue; // a stale entry: p was raised after this push
      }
      int n = connectivity.neighbours(p % width, p / width, width, height, nb);
      for (int k = 0; k < n; k++) {
        int q = nb[k];
        if (mask[q] != 0) {
          float v = Math.min(rec[p], dist[q]);
          if (v > rec[q]) {
            rec[q] = v;
            heap.push(LongMinHeap.descending(v, q), q);
          }
        }
      }
    }
    return rec;
  }

  /**
   * Labels each regional maximum of {@code rec} over the foreground (a connected plateau with no
   * higher neighbour) with its own marker, and returns the number of markers.
   */
  private static int regionalMaxima(byte[] mask, int width, int height, Connectivity connectivity, float[] rec,
      int[] labels) {
    boolean[] visited = new boolean[mask.length];
    int[] zone = new int[mask.length];
    int[] nb = new int[8];
    int markers = 0;
    for (int start = 0; start < mask.length; start++) {
      if (mask[start] == 0 || visited[start]) {
        continue;
      }
      float level = rec[start];
      boolean maximum = true;
      int head = 0;
      int tail = 0;
      zone[tail++] = start;
      visited[start] = true;
      while (head < tail) {
        int p = zone[head++];
        int n = connectivity.neighbours(p % width, p / width, width, height, nb);
        for (int k = 0; k < n; k++) {
          int q = nb[k];
          if (mask[q] == 0) {
            continue;
          }
          if (rec[q] > level) {
            maximum = false;
          } else if (rec[q] == level && !visited[q]) {
            visited[q] = true;
            zone[tail++] = q;
          }
        }
      }
      if (maximum) {
        markers++;
        for (int i = 0; i < tail; i++) {
          labels[zone[i]] = markers;
        }
      }
    }
    return markers;
  }

  /** Floods the foreground from the labelled markers, highest distance first. */
  private static void flood(byte[] mask, int width, int height, Connectivity connectivity, float[] dist,
      int[] labels) {
    LongMinHeap heap = new LongMinHeap(mask.length);
    int order = 0;
    for (int p = 0; p < labels.length; p++) {
      if (labels[p] != 0) {
        heap.push(LongMinHeap.descending(dist[p], order++), p);
      }
    }
    int[] nb = new int[8];
    while (!heap.isEmpty()) {
      int p = heap.pop();
      int n = connectivity.neighbours(p % width, p / width, width, height, nb);
      for (int k = 0; k < n; k++) {
        int q = nb[k];
        if (mask[q] != 0 && labels[q] == 0) {
          labels[q] = labels[p];
          heap.push(LongMinHeap.descending(dist[q], order++), q);
        }
      }
    }
  }
}
