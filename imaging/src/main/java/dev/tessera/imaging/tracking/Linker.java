package dev.tessera.imaging.tracking;

import dev.tessera.imaging.instances.Hungarian;
import java.util.ArrayList;
import java.util.Arrays;
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
 * follow it (its last mask is compared), and starts a new track whose parent it is (CTC tracks have
 * no gaps). Every other cell starts a track.
 *
 * <p>A linker's whole memory is its {@link State}: a streaming stage stores it after each frame and
 * {@link #resume resumes} from it, so tracking survives a restart.
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
      if (!(minIou > 0 && minIou <= 1)) {
        throw new IllegalArgumentException("min-iou=" + minIou + " must be above 0 and at most 1");
      }
      if (maxGap < 0) {
        throw new IllegalArgumentException("max-gap=" + maxGap + " must be 0 or more frames");
      }
      if (!(divisionOverlap > 0 && divisionOverlap <= 1)) {
        throw new IllegalArgumentException("division-overlap=" + divisionOverlap + " must be above 0 and at most 1");
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
   * @param resumed the tracks begun by a cell seen again after missing one frame or more (a closed
   *     gap): as the Cell Tracking Challenge has it, a track has no gaps, so the cell starts a new
   *     track whose parent is the one before the gap (which ends, in {@code ended})
   * @param updated the tracks seen in this frame (started or continued), as they stand now
   * @param ended the tracks that ended with this frame: divided, or unseen for more than the gap
   */
  public record FrameLinks(long frameIndex, Map<Integer, Integer> trackOfLabel, List<Integer> divisions,
      List<Integer> resumed, List<Track> updated, List<Track> ended) {}

  /**
   * A track that may still be continued.
   *
   * @param pixels the pixel indices (row-major) of its last mask, ascending
   */
  public record LiveTrack(int id, long begin, int parent, long lastSeen, int[] pixels) {}

  /**
   * Everything a linker remembers between frames.
   *
   * @param lastFrame the index of the last frame linked, {@link Long#MIN_VALUE} before the first
   * @param nextId the id the next track gets
   * @param frameSize the pixel count of the last frame linked, 0 before the first
   * @param live the tracks that may still be continued
   */
  public record State(long lastFrame, int nextId, int frameSize, List<LiveTrack> live) {
    public static final State EMPTY = new State(Long.MIN_VALUE, 1, 0, List.of());
  }

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
  private int nextId;
  private long lastFrame;
  private int frameSize;

  public Linker(Options options) {
    this(options, State.EMPTY);
  }

  private Linker(Options options, State state) {
    this.options = options;
    this.nextId = state.nextId();
    this.lastFrame = state.lastFrame();
    this.frameSize = state.frameSize();
    for (LiveTrack t : state.live()) {
      Live track = new Live(t.id(), t.begin(), t.parent());
      track.lastSeen = t.lastSeen();
      track.pixels = t.pixels();
      live.put(t.id(), track);
    }
  }

  /** A linker that goes on from {@code state}, as the one that reported it would have. */
  public static Linker resume(Options options, State state) {
    return new Linker(options, state);
  }

  /** What this linker remembers: enough to {@link #resume} it. */
  public State state() {
    return new State(lastFrame, nextId, frameSize, live.values().stream()
        .map(t -> new LiveTrack(t.id, t.begin, t.parent, t.lastSeen, t.pixels)).toList());
  }

  /**
   * Links the cells of the next frame ({@code labels}: 0 background, a positive label per cell). A
   * frame of another size than the last one (pixel count) cannot overlap it: every live track ends
   * and the frame's cells begin new ones.
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
    // Tracks that missed more than max-gap frames (frame indices may jump) end before any linking,
    // and all of them when the frame size changed (their pixels index another grid).
    List<Track> ended = new ArrayList<>();
    endUnseen(labels.length == frameSize ? frameIndex - 1 : Long.MAX_VALUE, ended);
    frameSize = labels.length;
    List<Live> candidates = new ArrayList<>(live.values());

    // Overlap of every live track's last mask with the cells under it.
    List<Map<Integer, Integer>> overlaps = new ArrayList<>();
    List<Map<Integer, Double>> scores = new ArrayList<>();
    int[] count = new int[cellLabels.isEmpty() ? 1 : cellLabels.get(cellLabels.size() - 1) + 1];
    List<Integer> touched = new ArrayList<>();
    for (Live track : candidates) {
      for (int p : track.pixels) {
        int l = labels[p];
        if (l != 0 && count[l]++ == 0) {
          touched.add(l);
        }
      }
      Map<Integer, Integer> under = new HashMap<>();
      for (int l : touched) {
        under.put(l, count[l]);
        count[l] = 0;
      }
      touched.clear();
      overlaps.add(under);
      Map<Integer, Double> score = new HashMap<>();
      for (Map.Entry<Integer, Integer> e : under.entrySet()) {
        int inter = e.getValue();
        double iou = inter / (double) (track.pixels.length + cells.get(e.getKey()).length - inter);
        if (iou >= options.minIou()) {
          score.put(column.get(e.getKey()), iou);
        }
      }
      scores.add(score);
    }
    int[] match = assign(scores, cellLabels.size());

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
        live.remove(mother.id);
        ended.add(new Track(mother.id, mother.begin, mother.lastSeen, mother.parent));
        trackOfLabel.put(sister, start(sister, cells, frameIndex, mother.id));
        trackOfLabel.put(label, start(label, cells, frameIndex, mother.id));
      }
    }
    List<Integer> resumed = new ArrayList<>();
    for (Map.Entry<Integer, Live> e : matchedTrackOfLabel.entrySet()) {
      Live track = e.getValue();
      if (divided.contains(track.id)) {
        continue;
      }
      if (track.lastSeen < frameIndex - 1) {
        // The CTC's tracks have no gaps: a cell seen again after missing frames starts a new track
        // whose parent is the track before the gap.
        live.remove(track.id);
        ended.add(new Track(track.id, track.begin, track.lastSeen, track.parent));
        int id = start(e.getKey(), cells, frameIndex, track.id);
        resumed.add(id);
        trackOfLabel.put(e.getKey(), id);
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
    endUnseen(frameIndex, ended);
    List<Track> updated = trackOfLabel.values().stream().sorted().map(tracks::get).toList();
    resumed.sort(null);
    return new FrameLinks(frameIndex, trackOfLabel, divisions, resumed, updated, ended);
  }

  /**
   * The largest summed overlap: tracks and cells fall apart into groups that overlap among
   * themselves only (a few cells each), and each group is assigned alone ({@link Hungarian}), which
   * gives the same total as one assignment over the whole frame at a fraction of its cost (cubic in
   * the group, not in the frame's thousands of cells). Pairs below min-iou are never linked.
   *
   * @param scores per track, the columns of the cells it may be linked to and their IoU
   * @return per track its cell's column, or -1
   */
  private static int[] assign(List<Map<Integer, Double>> scores, int columns) {
    int rows = scores.size();
    int[] parent = new int[rows + columns];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int t = 0; t < rows; t++) {
      for (int c : scores.get(t).keySet()) {
        parent[root(parent, t)] = root(parent, rows + c);
      }
    }
    Map<Integer, List<Integer>> groups = new HashMap<>();
    for (int t = 0; t < rows; t++) {
      if (!scores.get(t).isEmpty()) {
        groups.computeIfAbsent(root(parent, t), g -> new ArrayList<>()).add(t);
      }
    }
    int[] match = new int[rows];
    Arrays.fill(match, -1);
    for (List<Integer> group : groups.values()) {
      List<Integer> cols = group.stream().flatMap(t -> scores.get(t).keySet().stream()).distinct().sorted().toList();
      double[][] score = new double[group.size()][cols.size()];
      for (int r = 0; r < group.size(); r++) {
        for (int k = 0; k < cols.size(); k++) {
          score[r][k] = scores.get(group.get(r)).getOrDefault(cols.get(k), 0.0);
        }
      }
      int[] local = Hungarian.maximise(score);
      for (int r = 0; r < group.size(); r++) {
        // a pair below min-iou scores 0, the same as no pair, and is dropped
        if (local[r] >= 0 && score[r][local[r]] > 0) {
          match[group.get(r)] = cols.get(local[r]);
        }
      }
    }
    return match;
  }

  /** Ends the live tracks that missed more than max-gap frames up to frame {@code through}. */
  private void endUnseen(long through, List<Track> ended) {
    for (var it = live.values().iterator(); it.hasNext(); ) {
      Live track = it.next();
      if (through - track.lastSeen > options.maxGap()) {
        it.remove();
        ended.add(new Track(track.id, track.begin, track.lastSeen, track.parent));
      }
    }
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Every track this linker started or continued (since it was created or resumed), by id. */
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

  /** The pixel indices of each labelled cell, in label order; counted in arrays, not per-pixel maps. */
  private static Map<Integer, int[]> cells(int[] labels) {
    int max = 0;
    for (int l : labels) {
      max = Math.max(max, l);
    }
    int[] area = new int[max + 1];
    for (int l : labels) {
      area[l]++;
    }
    int[][] pixels = new int[max + 1][];
    for (int l = 1; l <= max; l++) {
      pixels[l] = area[l] == 0 ? null : new int[area[l]];
    }
    int[] filled = new int[max + 1];
    for (int i = 0; i < labels.length; i++) {
      int l = labels[i];
      if (l != 0) {
        pixels[l][filled[l]++] = i;
      }
    }
    Map<Integer, int[]> cells = new LinkedHashMap<>();
    for (int l = 1; l <= max; l++) {
      if (pixels[l] != null) {
        cells.put(l, pixels[l]);
      }
    }
    return cells;
  }

}
