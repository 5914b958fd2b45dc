package dev.tessera.imaging.tracking;

import dev.tessera.imaging.instances.Hungarian;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Links the cells of a time lapse, frame by frame, into tracks as the Cell Tracking Challenge
 * describes them: a track is one cell between divisions, a division ends the mother's track and
 * starts two daughter tracks whose parent it is.
 *
 * <p>Each frame's cells are matched to the live tracks by a globally optimal assignment
 * ({@link Hungarian}: the largest summed IoU) of each track's last mask with each cell, pairs below
 * {@link Options#minIou()} excluded. A cell left unmatched that lies mostly ({@link
 * Options#divisionOverlap()} of its area) on the last mask of a track matched in this frame is
 * that track's second daughter: the track ends and both cells start daughter tracks. A track
 * unmatched for more than {@link Options#maxGap()} frames ends; within that gap a cell can still
 * continue it (its last mask is compared). Every other cell starts a track.
 */
public final class Linker {

  /**
   * @param minIou the least overlap (intersection over union) that links a cell to a track
   * @param maxGap how many frames a track may miss and still be continued
   * @param divisionOverlap the share of an unmatched cell's area on a matched track's last mask that
   *     makes it a daughter
   */
  public record Options(double minIou, int maxGap, double divisionOverlap) {
    public static final Options DEFAULTS = new Options(0.2, 2, 0.3);

    public Options {
      if (!(minIou > 0 && minIou <= 1) || maxGap < 0 || !(divisionOverlap > 0 && divisionOverlap <= 1)) {
        throw new IllegalArgumentException("tracking options out of range: min-iou " + minIou + ", max-gap " + maxGap
            + ", division-overlap " + divisionOverlap);
      }
    }
  }

  /**
   * One track: the CTC's {@code L B E P} line.
   *
   * @param id the track's label, from 1
   * @param begin first frame index
   * @param end last frame index it was seen in
   * @param parent the mother's track id, 0 for none
   */
  public record Track(int id, long begin, long end, int parent) {}

  /**
   * What one frame brought.
   *
   * @param trackOfLabel each cell label of the frame and its track id
   * @param divisions the tracks that divided into this frame's cells
   */
  public record FrameLinks(long frameIndex, Map<Integer, Integer> trackOfLabel, List<Integer> divisions) {}

  private static final class Live {
    final int id;
    final long begin;
    final int parent;
    long lastSeen;
    int[] pixels;

    Live(int id, long begin, int parent) {
      this.id = id;
      this.begin = begin;
      this.parent = parent;
    }
  }

  private final Options options;
  private final Map<Integer, Live> live = new LinkedHashMap<>();
  private final Map<Integer, Track> tracks = new TreeMap<>();
  private int nextId = 1;
  private long lastFrame = Long.MIN_VALUE;

  public Linker(Options options) {
    this.options = options;
  }

  /**
   * Links the cells of the next frame ({@code labels}: 0 background, a positive label per cell).
   *
   * @throws IllegalArgumentException when frames do not come in increasing index order
   */
  public FrameLinks next(long frameIndex, int[] labels) {
    if (frameIndex <= lastFrame) {
      throw new IllegalArgumentException("frame " + frameIndex + " after frame " + lastFrame + ": frames must come"
          + " in increasing order");
    }
    lastFrame = frameIndex;
    Map<Integer, int[]> cells = cells(labels);
    List<Integer> cellLabels = new ArrayList<>(cells.keySet());
    Map<Integer, Integer> column = new HashMap<>();
    for (int c = 0; c < cellLabels.size(); c++) {
      column.put(cellLabels.get(c), c);
    }
    List<Live> candidates = new ArrayList<>(live.values());

    // Overlap of every live track's last mask with the cells under it.
    List<Map<Integer, Integer>> overlaps = new ArrayList<>();
    double[][] score = new double[candidates.size()][cellLabels.size()];
    for (int t = 0; t < candidates.size(); t++) {
      Map<Integer, Integer> under = new HashMap<>();
      for (int p : candidates.get(t).pixels) {
        if (labels[p] != 0) {
          under.merge(labels[p], 1, Integer::sum);
        }
      }
      overlaps.add(under);
      for (Map.Entry<Integer, Integer> e : under.entrySet()) {
        int c = column.get(e.getKey());
        int inter = e.getValue();
        double iou = inter / (double) (candidates.get(t).pixels.length + cells.get(e.getKey()).length - inter);
        if (iou >= options.minIou()) {
          score[t][c] = iou;
        }
      }
    }
    // The largest summed overlap; a pair below min-iou scores 0, the same as no pair, and is dropped.
    int[] match = Hungarian.maximise(score);
    for (int t = 0; t < match.length; t++) {
      if (match[t] >= 0 && score[t][match[t]] == 0) {
        match[t] = -1;
      }
    }

    Map<Integer, Integer> trackOfLabel = new HashMap<>();
    Map<Integer, Live> matchedTrackOfLabel = new HashMap<>();
    for (int t = 0; t < candidates.size(); t++) {
      if (match[t] >= 0) {
        matchedTrackOfLabel.put(cellLabels.get(match[t]), candidates.get(t));
      }
    }
    // Divisions: an unmatched cell mostly on the last mask of a track matched now.
    List<Integer> divisions = new ArrayList<>();
    Set<Integer> divided = new HashSet<>();
    for (int label : cellLabels) {
      if (matchedTrackOfLabel.containsKey(label)) {
        continue;
      }
      int area = cells.get(label).length;
      Live mother = null;
      int best = 0;
      for (int t = 0; t < candidates.size(); t++) {
        Live track = candidates.get(t);
        int on = overlaps.get(t).getOrDefault(label, 0);
        if (match[t] >= 0 && track.lastSeen == frameIndex - 1 && !divided.contains(track.id)
            && on >= options.divisionOverlap() * area && on > best) {
          mother = track;
          best = on;
        }
      }
      if (mother != null) {
        divided.add(mother.id);
        divisions.add(mother.id);
        int sister = cellLabels.get(match[candidates.indexOf(mother)]);
        end(mother);
        trackOfLabel.put(sister, start(sister, cells, frameIndex, mother.id));
        trackOfLabel.put(label, start(label, cells, frameIndex, mother.id));
      }
    }
    for (Map.Entry<Integer, Live> e : matchedTrackOfLabel.entrySet()) {
      Live track = e.getValue();
      if (divided.contains(track.id)) {
        continue;
      }
      track.lastSeen = frameIndex;
      track.pixels = cells.get(e.getKey());
      tracks.put(track.id, new Track(track.id, track.begin, frameIndex, track.parent));
      trackOfLabel.put(e.getKey(), track.id);
    }
    for (int label : cellLabels) {
      if (!trackOfLabel.containsKey(label)) {
        trackOfLabel.put(label, start(label, cells, frameIndex, 0));
      }
    }
    live.values().removeIf(track -> frameIndex - track.lastSeen > options.maxGap());
    return new FrameLinks(frameIndex, trackOfLabel, divisions);
  }

  /** Every track so far, by id. */
  public List<Track> tracks() {
    return List.copyOf(tracks.values());
  }

  private int start(int label, Map<Integer, int[]> cells, long frame, int parent) {
    Live track = new Live(nextId++, frame, parent);
    track.lastSeen = frame;
    track.pixels = cells.get(label);
    live.put(track.id, track);
    tracks.put(track.id, new Track(track.id, frame, frame, parent));
    return track.id;
  }

  private void end(Live track) {
    live.remove(track.id);
  }

  /** The pixel indices of each labelled cell. */
  private static Map<Integer, int[]> cells(int[] labels) {
    Map<Integer, Integer> area = new TreeMap<>();
    for (int l : labels) {
      if (l != 0) {
        area.merge(l, 1, Integer::sum);
      }
    }
    Map<Integer, int[]> cells = new LinkedHashMap<>();
    Map<Integer, Integer> filled = new HashMap<>();
    area.forEach((l, a) -> cells.put(l, new int[a]));
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0) {
        int k = filled.merge(labels[i], 1, Integer::sum) - 1;
        cells.get(labels[i])[k] = i;
      }
    }
    return cells;
  }
}
