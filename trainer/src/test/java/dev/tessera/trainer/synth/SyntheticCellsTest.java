package dev.tessera.trainer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticCellsTest {

  @Test
  void theSameSeedGivesTheSameFrameAndAnotherSeedAnotherOne() {
    SyntheticFrame a = SyntheticCells.frame(96, 80, 11);
    SyntheticFrame b = SyntheticCells.frame(96, 80, 11);
    SyntheticFrame c = SyntheticCells.frame(96, 80, 12);
    assertThat(a.pixels()).containsExactly(b.pixels());
    assertThat(a.labels()).containsExactly(b.labels());
    assertThat(c.pixels()).isNotEqualTo(a.pixels());
  }

  @Test
  void framesHaveManyCellsSomeTouchingBrighterThanTheBackground() {
    SyntheticFrame f = SyntheticCells.frame(256, 256, 3);
    assertThat(f.cellCount()).isGreaterThan(50);
    int touching = 0;
    double cellSum = 0;
    double backgroundSum = 0;
    int cellPixels = 0;
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        int i = y * 256 + x;
        int l = f.labels()[i];
        if (x < 255 && l != 0 && f.labels()[i + 1] != 0 && f.labels()[i + 1] != l) {
          touching++;
        }
        if (l != 0) {
          cellSum += f.pixels()[i];
          cellPixels++;
        } else {
          backgroundSum += f.pixels()[i];
        }
        assertThat(f.pixels()[i]).isBetween(0, 65535);
      }
    }
    assertThat(touching).isGreaterThan(10);
    double coverage = (double) cellPixels / (256 * 256);
    assertThat(coverage).isBetween(0.15, 0.5);
    assertThat(cellSum / cellPixels).isGreaterThan(2 * backgroundSum / (256 * 256 - cellPixels));
  }

  @Test
  void aTimeLapseKeepsLabelsOfCellsThatMoveALittleAndDividesSome() {
    List<SyntheticFrame> lapse = SyntheticCells.timeLapse(128, 128, 40, 5);
    assertThat(lapse).hasSize(40);
    Map<Integer, double[]> first = centroids(lapse.get(0));
    Map<Integer, double[]> second = centroids(lapse.get(1));
    int kept = 0;
    for (Map.Entry<Integer, double[]> e : first.entrySet()) {
      double[] next = second.get(e.getKey());
      if (next != null) {
        kept++;
        assertThat(Math.hypot(next[0] - e.getValue()[0], next[1] - e.getValue()[1])).isLessThan(15);
      }
    }
    assertThat(kept).isGreaterThan(first.size() / 2);
    int maxFirst = Arrays.stream(lapse.get(0).labels()).max().orElse(0);
    Set<Integer> later = Arrays.stream(lapse.get(39).labels()).boxed().collect(Collectors.toSet());
    assertThat(later.stream().filter(l -> l > maxFirst).count()).as("daughter cells").isGreaterThan(1);
    assertThat(SyntheticCells.timeLapse(128, 128, 40, 5).get(39).labels()).containsExactly(lapse.get(39).labels());
  }

  private static Map<Integer, double[]> centroids(SyntheticFrame f) {
    Map<Integer, double[]> sums = new HashMap<>();
    for (int i = 0; i < f.labels().length; i++) {
      int l = f.labels()[i];
      if (l != 0) {
        double[] s = sums.computeIfAbsent(l, k -> new double[3]);
        s[0] += i % f.width();
        s[1] += i / f.width();
        s[2]++;
      }
    }
    Map<Integer, double[]> out = new HashMap<>();
    sums.forEach((k, s) -> out.put(k, new double[] {s[0] / s[2], s[1] / s[2]}));
    return out;
  }
}
