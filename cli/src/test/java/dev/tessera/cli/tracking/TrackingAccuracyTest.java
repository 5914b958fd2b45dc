package dev.tessera.cli.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.imaging.tracking.CtcMeasures;
import dev.tessera.imaging.tracking.Linker;
import dev.tessera.model.runtime.FrameInference;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import dev.tessera.trainer.synth.SyntheticCells;
import dev.tessera.trainer.synth.SyntheticFrame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The linker on the synthetic time lapse, whose lineage is known (cells drift, grow and divide): fed
 * the true cell masks, how many frame-to-frame links and divisions it recovers, and the Cell Tracking
 * Challenge's DET and TRA ({@link CtcMeasures}). The figures go to docs/quality.md.
 */
class TrackingAccuracyTest {

  @Test
  void recoversTheLinksAndDivisionsOfTheSyntheticTimeLapse() {
    List<SyntheticFrame> lapse = SyntheticCells.timeLapse(512, 512, 40, 11, SyntheticCells.Params.DEFAULT);
    Linker linker = new Linker(Linker.Options.DEFAULTS);
    List<Map<Integer, Integer>> trackOf = new ArrayList<>();
    List<int[]> trackMasks = new ArrayList<>();
    int divisionsFound = 0;
    for (int t = 0; t < lapse.size(); t++) {
      Linker.FrameLinks links = linker.next(t, lapse.get(t).labels());
      trackOf.add(links.trackOfLabel());
      trackMasks.add(trackMask(lapse.get(t).labels(), links.trackOfLabel()));
      divisionsFound += links.divisions().size();
    }
    Map<Integer, Integer> parentOfTrack = new HashMap<>();
    linker.tracks().forEach(tr -> parentOfTrack.put(tr.id(), tr.parent()));

    int links = 0;
    int correctLinks = 0;
    int divisions = 0;
    int correctDivisions = 0;
    for (int t = 0; t + 1 < lapse.size(); t++) {
      Map<Integer, Integer> now = trackOf.get(t);
      Map<Integer, Integer> next = trackOf.get(t + 1);
      for (int id : now.keySet()) {
        if (next.containsKey(id)) {
          links++;
          if (now.get(id).equals(next.get(id))) {
            correctLinks++;
          }
        }
      }
      Map<Integer, Set<Integer>> daughtersOf = new HashMap<>();
      lapse.get(t + 1).parents().forEach((daughter, mother) -> {
        if (!now.containsKey(daughter) && now.containsKey(mother) && next.containsKey(daughter)) {
          daughtersOf.computeIfAbsent(mother, k -> new HashSet<>()).add(daughter);
        }
      });
      for (Map.Entry<Integer, Set<Integer>> d : daughtersOf.entrySet()) {
        divisions++;
        int motherTrack = now.get(d.getKey());
        if (d.getValue().stream().allMatch(c -> parentOfTrack.get(next.get(c)) == motherTrack)) {
          correctDivisions++;
        }
      }
    }
    double linkShare = correctLinks / (double) links;
    double divisionShare = correctDivisions / (double) divisions;
    System.out.printf("synthetic lapse 512x512, 40 frames: %d/%d links (%.4f), %d/%d divisions (%.3f), %d divisions"
        + " reported, %d tracks%n", correctLinks, links, linkShare, correctDivisions, divisions, divisionShare,
        divisionsFound, linker.tracks().size());
    CtcMeasures.Result ctc = CtcMeasures.measure(reference(lapse),
        new CtcMeasures.Tracking(trackMasks, linker.tracks()));
    print("true masks, 512x512, 40 frames", ctc);

    assertThat(divisions).as("the lapse divides cells").isPositive();
    assertThat(linkShare).isGreaterThanOrEqualTo(0.99);
    assertThat(divisionShare).isGreaterThanOrEqualTo(0.9);
    assertThat(divisionsFound).as("no more divisions reported than there are, plus a few").isLessThanOrEqualTo(
        divisions + divisions / 5);
    assertThat(ctc.det()).as("the true masks: every cell detected once").isEqualTo(1.0);
    assertThat(ctc.tra()).isGreaterThanOrEqualTo(0.998); // measured 0.9996
  }

  /**
   * The same lapse segmented by the committed demo model (whole-frame inference, the stitcher's
   * argmax and 4-connected components), then linked: a true link counts where both of its cells were
   * segmented (IoU >= 0.5 with one predicted cell each), and is correct when those two predicted
   * cells are on one track; a division is found when both daughters' tracks name the mother's.
   */
  @Test
  void linksMostTrueLinksOnTheDemoModelsSegmentation() {
    List<SyntheticFrame> lapse = SyntheticCells.timeLapse(512, 512, 12, 7, SyntheticCells.Params.DEFAULT);
    Linker linker = new Linker(Linker.Options.DEFAULTS);
    List<Map<Integer, Integer>> predictedOfTrue = new ArrayList<>();
    List<Map<Integer, Integer>> trackOf = new ArrayList<>();
    List<int[]> trackMasks = new ArrayList<>();
    try (UNetModel model = UNetModel.load(Path.of("..", "models", "demo", "model.onnx"), ModelOptions.cpu())) {
      for (int t = 0; t < lapse.size(); t++) {
        SyntheticFrame f = lapse.get(t);
        ByteBuffer pixels = ByteBuffer.wrap(f.pixelBytes());
        Normalization n = Normalizer.compute(model.card().normalization(), pixels, PixelType.UINT16);
        float[] probs = FrameInference.tiled(model, Normalizer.apply(n, pixels, PixelType.UINT16), 512, 512, 1084);
        byte[] foreground = new byte[512 * 512];
        for (int i = 0; i < foreground.length; i++) {
          foreground[i] = probs[foreground.length + i] > probs[i] ? (byte) 1 : 0;
        }
        int[] predicted = InstanceOptions.defaults().label(foreground, 512, 512).labels();
        predictedOfTrue.add(matches(f.labels(), predicted));
        trackOf.add(linker.next(t, predicted).trackOfLabel());
        trackMasks.add(trackMask(predicted, trackOf.get(t)));
      }
    }
    Map<Integer, Integer> parentOfTrack = new HashMap<>();
    linker.tracks().forEach(tr -> parentOfTrack.put(tr.id(), tr.parent()));
    int trueLinks = 0;
    int segmented = 0;
    int correct = 0;
    int divisions = 0;
    int found = 0;
    for (int t = 0; t + 1 < lapse.size(); t++) {
      Map<Integer, Integer> now = predictedOfTrue.get(t);
      Map<Integer, Integer> next = predictedOfTrue.get(t + 1);
      Set<Integer> idsNow = ids(lapse.get(t).labels());
      Set<Integer> idsNext = ids(lapse.get(t + 1).labels());
      for (int id : idsNow) {
        if (idsNext.contains(id)) {
          trueLinks++;
          if (now.containsKey(id) && next.containsKey(id)) {
            segmented++;
            if (trackOf.get(t).get(now.get(id)).equals(trackOf.get(t + 1).get(next.get(id)))) {
              correct++;
            }
          }
        }
      }
      Map<Integer, Set<Integer>> daughtersOf = new HashMap<>();
      for (Map.Entry<Integer, Integer> e : lapse.get(t + 1).parents().entrySet()) {
        if (!idsNow.contains(e.getKey()) && idsNow.contains(e.getValue()) && idsNext.contains(e.getKey())) {
          daughtersOf.computeIfAbsent(e.getValue(), k -> new HashSet<>()).add(e.getKey());
        }
      }
      for (Map.Entry<Integer, Set<Integer>> d : daughtersOf.entrySet()) {
        if (!now.containsKey(d.getKey()) || !d.getValue().stream().allMatch(next::containsKey)) {
          continue; // mother or a daughter not segmented
        }
        divisions++;
        int motherTrack = trackOf.get(t).get(now.get(d.getKey()));
        int t1 = t + 1;
        if (d.getValue().stream().allMatch(c -> parentOfTrack.get(trackOf.get(t1).get(next.get(c))) == motherTrack)) {
          found++;
        }
      }
    }
    System.out.printf("demo model on the synthetic lapse (512x512, 12 frames, seed 7): %d true links, %d with both"
        + " cells segmented (%.3f), %d of those on one track (%.3f); %d segmented divisions, %d found (%.3f)%n",
        trueLinks, segmented, segmented / (double) trueLinks, correct, correct / (double) segmented, divisions, found,
        found / (double) divisions);
    CtcMeasures.Result ctc = CtcMeasures.measure(reference(lapse),
        new CtcMeasures.Tracking(trackMasks, linker.tracks()));
    print("demo model's segmentation, 512x512, 12 frames", ctc);
    assertThat(correct / (double) segmented).isGreaterThanOrEqualTo(0.95);
    assertThat(ctc.det()).isGreaterThanOrEqualTo(0.90); // measured 0.9152
    assertThat(ctc.tra()).isGreaterThanOrEqualTo(0.86); // measured 0.8757
  }

  /**
   * The lapse's truth as the CTC's {@code man_track}: the cell masks, and a track per cell from the
   * first to the last frame it shows in (a cell hidden by its neighbours for a while keeps its id),
   * its parent the mother named by the frame it first shows in, when she showed at all.
   */
  private static CtcMeasures.Tracking reference(List<SyntheticFrame> lapse) {
    Map<Integer, long[]> span = new LinkedHashMap<>();
    Map<Integer, Integer> parent = new HashMap<>();
    List<int[]> masks = new ArrayList<>();
    for (int t = 0; t < lapse.size(); t++) {
      SyntheticFrame f = lapse.get(t);
      masks.add(f.labels());
      for (int id : ids(f.labels())) {
        long frame = t;
        span.computeIfAbsent(id, k -> new long[] {frame, frame})[1] = frame;
        parent.putIfAbsent(id, f.parents().getOrDefault(id, 0));
      }
    }
    List<Linker.Track> tracks = new ArrayList<>();
    span.forEach((id, s) -> tracks.add(new Linker.Track(id, s[0], s[1],
        span.containsKey(parent.get(id)) ? parent.get(id) : 0)));
    return new CtcMeasures.Tracking(masks, tracks);
  }

  /** A frame's cell labels replaced by their track ids, the CTC's {@code maskT.tif}. */
  private static int[] trackMask(int[] labels, Map<Integer, Integer> trackOfLabel) {
    int[] mask = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      mask[i] = labels[i] == 0 ? 0 : trackOfLabel.get(labels[i]);
    }
    return mask;
  }

  private static void print(String input, CtcMeasures.Result ctc) {
    System.out.printf("%s: DET %.4f, TRA %.4f (NS %d, FN %d, FP %d, ED %d, EA %d, EC %d; reference %d nodes, %d"
        + " edges)%n", input, ctc.det(), ctc.tra(), ctc.ns(), ctc.fn(), ctc.fp(), ctc.ed(), ctc.ea(), ctc.ec(),
        ctc.referenceNodes(), ctc.referenceEdges());
  }

  /** For each true cell, the predicted cell it overlaps with IoU >= 0.5 (at most one can). */
  private static Map<Integer, Integer> matches(int[] truth, int[] predicted) {
    Map<Long, Integer> inter = new HashMap<>();
    Map<Integer, Integer> areaTrue = new HashMap<>();
    Map<Integer, Integer> areaPred = new HashMap<>();
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] != 0) {
        areaTrue.merge(truth[i], 1, Integer::sum);
      }
      if (predicted[i] != 0) {
        areaPred.merge(predicted[i], 1, Integer::sum);
      }
      if (truth[i] != 0 && predicted[i] != 0) {
        inter.merge(((long) truth[i] << 32) | predicted[i], 1, Integer::sum);
      }
    }
    Map<Integer, Integer> match = new HashMap<>();
    inter.forEach((key, n) -> {
      int g = (int) (key >>> 32);
      int p = (int) (long) key;
      if (n / (double) (areaTrue.get(g) + areaPred.get(p) - n) >= 0.5) {
        match.put(g, p);
      }
    });
    return match;
  }

  private static Set<Integer> ids(int[] labels) {
    Set<Integer> ids = new HashSet<>();
    for (int l : labels) {
      if (l != 0) {
        ids.add(l);
      }
    }
    return ids;
  }
}
