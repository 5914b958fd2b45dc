package dev.tessera.imaging.tracking;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cell Tracking Challenge's detection and tracking accuracy, DET and TRA: what it costs to turn
 * a computed tracking into the reference one, counted as weighted graph operations (the acyclic
 * oriented graph measure, AOGM, of Matula, Maška, Sorokin, Matula, Ortiz-de-Solórzano and Kozubek,
 * "Cell Tracking Accuracy Measurement Based on Comparison of Acyclic Oriented Graphs", PLoS ONE
 * 10(12): e0144959, 2015), against the cost of building the reference from nothing.
 *
 * <p>A tracking is what the CTC's {@code maskT.tif} and {@code res_track.txt} (or {@code
 * man_track.txt}) hold: a {@link Tracking}. Its graph has a node per track id present in a frame's
 * mask and two kinds of edges: a <em>track link</em> joins a track's nodes in consecutive frames, a
 * <em>parent link</em> joins a mother's last node to each daughter's first. The CTC's format has no
 * holes inside a track: a cell missing for some frames is a track that ends and a one-daughter
 * track that goes on. A track id that skips frames is read that way here, its edge over the gap a
 * parent link, so the figures are those the CTC software gives once such a track is written in its
 * format.
 *
 * <p>The operations, as the CTC's evaluation software counts them (java-ctcmetrics by Ulman and
 * Maška: {@code TrackDataCache.ClassifyLabels}, {@code TRA.calculate}, {@code
 * TRA.FindEDAndECEdges}, {@code TRA.FindEAEdges}, {@code DET.calculate}; the same in py-ctcmetrics'
 * {@code count_acyclic_graph_correction_operations}):
 *
 * <ul>
 *   <li>a reference node is matched by the computed node of its frame that covers strictly more than
 *       half of its pixels, hence by one at most; a computed node matching k &gt; 1 reference nodes
 *       must be split, k - 1 operations (NS, weight 5);
 *   <li>a reference node matched by none is added (FN, weight 10), a computed node matching none is
 *       deleted (FP, weight 1);
 *   <li>only computed edges between nodes matched one to one are compared (the others go with their
 *       deleted or split nodes): one with no reference edge between the matches of its ends is
 *       deleted (ED, weight 1), one whose reference edge is of the other kind, track link against
 *       parent link, is changed (EC, weight 1); a reference edge with no computed edge between the
 *       one-to-one matches of its ends is added (EA, weight 1.5).
 * </ul>
 *
 * <p>DET = 1 - min(AOGM-D, AOGM-D0) / AOGM-D0, with AOGM-D the node operations' cost and AOGM-D0
 * = 10 per reference node; TRA = 1 - min(AOGM, AOGM0) / AOGM0, with AOGM the cost of all the
 * operations and AOGM0 = 10 per reference node + 1.5 per reference edge.
 */
public final class CtcMeasures {

  private static final double W_NS = 5;
  private static final double W_FN = 10;
  private static final double W_FP = 1;
  private static final double W_ED = 1;
  private static final double W_EA = 1.5;
  private static final double W_EC = 1;

  /**
   * A tracking in the CTC's form.
   *
   * @param masks a label image per frame, frame {@code t} at index {@code t}, all of one size
   *     (row-major, 0 background, each cell's pixels set to its track id)
   * @param tracks one {@code L B E P} line per track id in the masks: {@code B} and {@code E} the
   *     first and last frames it shows in, {@code P} its mother's id or 0
   */
  public record Tracking(List<int[]> masks, List<Linker.Track> tracks) {
    public Tracking {
      masks = List.copyOf(masks);
      tracks = List.copyOf(tracks);
    }
  }

  /**
   * The operations that turn the computed tracking into the reference one, and the size of the
   * reference graph.
   *
   * @param ns node splits
   * @param fn reference nodes to add (false negatives)
   * @param fp computed nodes to delete (false positives)
   * @param ed computed edges to delete
   * @param ea reference edges to add
   * @param ec edges whose kind (track or parent link) to change
   * @param referenceNodes the reference graph's nodes
   * @param referenceEdges the reference graph's edges
   */
  public record Result(int ns, int fn, int fp, int ed, int ea, int ec, int referenceNodes, int referenceEdges) {

    /** AOGM-D, the cost of the node operations. */
    public double aogmDetection() {
      return W_NS * ns + W_FN * fn + W_FP * fp;
    }

    /** AOGM, the cost of all the operations. */
    public double aogm() {
      return aogmDetection() + W_ED * ed + W_EA * ea + W_EC * ec;
    }

    /** DET, in [0, 1]; 1 when every reference cell is detected once and nothing else is. */
    public double det() {
      double empty = W_FN * referenceNodes;
      return 1 - Math.min(aogmDetection(), empty) / empty;
    }

    /** TRA, in [0, 1]; 1 when the computed graph is the reference graph. */
    public double tra() {
      double empty = W_FN * referenceNodes + W_EA * referenceEdges;
      return 1 - Math.min(aogm(), empty) / empty;
    }
  }

  private CtcMeasures() {}

  /**
   * Compares {@code computed} with {@code reference}.
   *
   * @throws IllegalArgumentException when the two differ in frame count or frame size, the reference
   *     has no cell, or a mask and its track table disagree (a label without a track, a track whose
   *     {@code B}/{@code E} are not its first/last frames, a parent that is no track or does not end
   *     before its daughter begins)
   */
  public static Result measure(Tracking reference, Tracking computed) {
    int frames = reference.masks().size();
    if (computed.masks().size() != frames) {
      throw new IllegalArgumentException("the reference has " + frames + " frames, the computed tracking "
          + computed.masks().size());
    }
    Graph ref = new Graph("reference");
    Graph comp = new Graph("computed");
    Map<Long, Long> matchOfRef = new HashMap<>();
    for (int t = 0; t < frames; t++) {
      int[] refMask = reference.masks().get(t);
      int[] compMask = computed.masks().get(t);
      if (refMask.length != compMask.length) {
        throw new IllegalArgumentException("frame " + t + ": the reference mask has " + refMask.length
            + " pixels, the computed one " + compMask.length);
      }
      Cells refCells = Cells.of(refMask);
      Cells compCells = Cells.of(compMask);
      ref.addFrame(t, refCells.labels());
      comp.addFrame(t, compCells.labels());
      int[] match = majority(refCells, compCells);
      for (int r = 0; r < match.length; r++) {
        if (match[r] >= 0) {
          matchOfRef.put(node(t, refCells.labels()[r]), node(t, compCells.labels()[match[r]]));
        }
      }
    }
    ref.link(reference.tracks());
    comp.link(computed.tracks());
    if (ref.nodes == 0) {
      throw new IllegalArgumentException("the reference has no cell: DET and TRA are undefined");
    }

    Map<Long, Integer> matchesOfComp = new HashMap<>();
    matchOfRef.values().forEach(c -> matchesOfComp.merge(c, 1, Integer::sum));
    Map<Long, Long> refOfComp = new HashMap<>();
    matchOfRef.forEach((r, c) -> {
      if (matchesOfComp.get(c) == 1) {
        refOfComp.put(c, r);
      }
    });

    int ed = 0;
    int ec = 0;
    for (Map.Entry<Edge, Boolean> e : comp.edges.entrySet()) {
      Long from = refOfComp.get(e.getKey().from());
      Long to = refOfComp.get(e.getKey().to());
      if (from == null || to == null) {
        continue;
      }
      Boolean refParentLink = ref.edges.get(new Edge(from, to));
      if (refParentLink == null) {
        ed++;
      } else if (!refParentLink.equals(e.getValue())) {
        ec++;
      }
    }
    int ea = 0;
    for (Edge e : ref.edges.keySet()) {
      Long from = matchOfRef.get(e.from());
      Long to = matchOfRef.get(e.to());
      boolean present = from != null && to != null && refOfComp.containsKey(from) && refOfComp.containsKey(to)
          && comp.edges.containsKey(new Edge(from, to));
      if (!present) {
        ea++;
      }
    }
    // Every matched reference node is one match of a computed node: those beyond a node's first are splits.
    int ns = matchOfRef.size() - matchesOfComp.size();
    return new Result(ns, ref.nodes - matchOfRef.size(), comp.nodes - matchesOfComp.size(), ed, ea, ec, ref.nodes,
        ref.edges.size());
  }

  /**
   * For each reference cell, the index of the computed cell covering more than half of its pixels, or
   * -1. That cell is the strict majority of the values under the reference cell (background one of
   * them), which the Boyer-Moore majority vote finds in one pass and a count confirms in another,
   * with no table of overlaps.
   */
  private static int[] majority(Cells ref, Cells comp) {
    int n = ref.labels().length;
    int[] candidate = new int[n];
    int[] votes = new int[n];
    int[] refIndex = ref.index();
    int[] compIndex = comp.index();
    for (int p = 0; p < refIndex.length; p++) {
      int r = refIndex[p];
      if (r < 0) {
        continue;
      }
      if (votes[r] == 0) {
        candidate[r] = compIndex[p];
        votes[r] = 1;
      } else {
        votes[r] += candidate[r] == compIndex[p] ? 1 : -1;
      }
    }
    int[] covered = new int[n];
    for (int p = 0; p < refIndex.length; p++) {
      int r = refIndex[p];
      if (r >= 0 && compIndex[p] == candidate[r]) {
        covered[r]++;
      }
    }
    int[] match = new int[n];
    for (int r = 0; r < n; r++) {
      match[r] = candidate[r] >= 0 && 2L * covered[r] > ref.area()[r] ? candidate[r] : -1;
    }
    return match;
  }

  /** A node's key: its frame and track id. */
  private static long node(long frame, int label) {
    return frame << 32 | (label & 0xFFFFFFFFL);
  }

  private record Edge(long from, long to) {}

  /**
   * A frame's cells.
   *
   * @param labels the distinct labels
   * @param index for each pixel the index of its label in {@code labels}, -1 for background
   * @param area each label's pixel count
   */
  private record Cells(int[] labels, int[] index, int[] area) {

    static Cells of(int[] mask) {
      Map<Integer, Integer> indexOf = new HashMap<>();
      int[] index = new int[mask.length];
      int last = 0;
      int lastIndex = -1;
      for (int p = 0; p < mask.length; p++) {
        // A cell's pixels come in runs along its rows: one look-up per run.
        if (mask[p] != last) {
          last = mask[p];
          lastIndex = last == 0 ? -1 : indexOf.computeIfAbsent(last, l -> indexOf.size());
        }
        index[p] = lastIndex;
      }
      int[] labels = new int[indexOf.size()];
      indexOf.forEach((label, i) -> labels[i] = label);
      int[] area = new int[labels.length];
      for (int i : index) {
        if (i >= 0) {
          area[i]++;
        }
      }
      return new Cells(labels, index, area);
    }
  }

  /** A tracking's graph, built a frame at a time and then linked by its track table. */
  private static final class Graph {
    final String name;
    /** Each edge and whether it is a parent link (else a track link). */
    final Map<Edge, Boolean> edges = new HashMap<>();
    /** Each track id's first and last frame. */
    final Map<Integer, int[]> span = new HashMap<>();
    int nodes;

    Graph(String name) {
      this.name = name;
    }

    /** The nodes of frame {@code t} and the edges from each id's previous node. */
    void addFrame(int t, int[] labels) {
      nodes += labels.length;
      for (int label : labels) {
        int[] s = span.get(label);
        if (s == null) {
          span.put(label, new int[] {t, t});
        } else {
          edges.put(new Edge(node(s[1], label), node(t, label)), t - s[1] > 1);
          s[1] = t;
        }
      }
    }

    /** Checks the track table against the masks and adds the parent links. */
    void link(List<Linker.Track> tracks) {
      Map<Integer, Linker.Track> byId = new HashMap<>();
      for (Linker.Track track : tracks) {
        if (byId.put(track.id(), track) != null) {
          throw new IllegalArgumentException(name + " track table: track " + track.id() + " listed twice");
        }
        int[] s = span.get(track.id());
        if (s == null) {
          throw new IllegalArgumentException(name + " track table: track " + track.id() + " is in no mask");
        }
        if (track.begin() != s[0] || track.end() != s[1]) {
          throw new IllegalArgumentException(name + " track table: track " + track.id() + " spans frames "
              + track.begin() + "-" + track.end() + ", its masks " + s[0] + "-" + s[1]);
        }
      }
      for (int label : span.keySet()) {
        if (!byId.containsKey(label)) {
          throw new IllegalArgumentException(name + " masks: label " + label + " has no track in the table");
        }
      }
      for (Linker.Track track : tracks) {
        if (track.parent() == 0) {
          continue;
        }
        Linker.Track mother = byId.get(track.parent());
        if (mother == null || mother.end() >= track.begin()) {
          throw new IllegalArgumentException(name + " track table: track " + track.id() + " (from frame "
              + track.begin() + ") has parent " + track.parent() + ", which is no track ending before it");
        }
        edges.put(new Edge(node(mother.end(), mother.id()), node(track.begin(), track.id())), true);
      }
    }
  }
}
