package dev.tessera.imaging.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tessera.imaging.tracking.CtcMeasures.Result;
import dev.tessera.imaging.tracking.CtcMeasures.Tracking;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small trackings whose operations are counted by hand. The frames are 12x4; a cell is a band of
 * columns over the whole height, so a band four columns wide is 16 pixels. Unless a test says
 * otherwise the reference is {@link #twoCells()}: cell 1 on columns 0-3 and cell 2 on columns 6-9 in
 * frames 0, 1 and 2, which is 6 nodes and 4 track links, AOGM-D0 = 10 * 6 = 60 and AOGM0 = 60 +
 * 1.5 * 4 = 66.
 */
class CtcMeasuresTest {

  private static final int W = 12;
  private static final int H = 4;

  /** A mask of bands {first column, width, label}. */
  private static int[] mask(int[]... bands) {
    int[] labels = new int[W * H];
    for (int[] b : bands) {
      for (int y = 0; y < H; y++) {
        for (int x = b[0]; x < b[0] + b[1]; x++) {
          labels[y * W + x] = b[2];
        }
      }
    }
    return labels;
  }

  private static int[] band(int x, int width, int label) {
    return new int[] {x, width, label};
  }

  private static Linker.Track track(int id, long begin, long end, int parent) {
    return new Linker.Track(id, begin, end, parent);
  }

  private static Tracking twoCells() {
    int[] frame = mask(band(0, 4, 1), band(6, 4, 2));
    return new Tracking(List.of(frame, frame, frame), List.of(track(1, 0, 2, 0), track(2, 0, 2, 0)));
  }

  @Test
  void identicalTrackingsCostNothingEvenWithADivisionAndAGap() {
    // Cell 1 divides into 2 and 3 after frame 1; cell 4 is hidden in frame 1.
    Tracking lapse = new Tracking(List.of(
        mask(band(0, 4, 1), band(6, 4, 4)),
        mask(band(0, 4, 1)),
        mask(band(0, 2, 2), band(2, 2, 3), band(6, 4, 4))),
        List.of(track(1, 0, 1, 0), track(2, 2, 2, 1), track(3, 2, 2, 1), track(4, 0, 2, 0)));

    Result r = CtcMeasures.measure(lapse, lapse);

    // Edges: 1@0->1@1, the parent links 1@1->2@2 and 1@1->3@2, 4@0->4@2 over the gap.
    assertThat(r).isEqualTo(new Result(0, 0, 0, 0, 0, 0, 6, 4));
    assertThat(r.det()).isEqualTo(1.0);
    assertThat(r.tra()).isEqualTo(1.0);
  }

  @Test
  void aMissedCellCostsItsNodeAndTheEdgesThatReachIt() {
    int[] both = mask(band(0, 4, 1), band(6, 4, 2));
    Tracking computed = new Tracking(List.of(both, mask(band(6, 4, 2)), both),
        List.of(track(1, 0, 2, 0), track(2, 0, 2, 0)));

    Result r = CtcMeasures.measure(twoCells(), computed);

    // FN: 1@1. EA: 1@0->1@1, 1@1->1@2. ED: the computed 1@0->1@2 over the gap, which the reference lacks.
    assertThat(r).isEqualTo(new Result(0, 1, 0, 1, 2, 0, 6, 4));
    assertThat(r.det()).isCloseTo(50.0 / 60, within(1e-12));
    assertThat(r.tra()).isCloseTo(1 - (10 + 1 + 2 * 1.5) / 66, within(1e-12));
  }

  @Test
  void aCellCoveringTwoReferenceCellsMustBeSplit() {
    int[] both = mask(band(0, 4, 1), band(6, 4, 2));
    Tracking computed = new Tracking(List.of(both, mask(band(0, 10, 1)), both),
        List.of(track(1, 0, 2, 0), track(2, 0, 2, 0)));

    Result r = CtcMeasures.measure(twoCells(), computed);

    // NS: 1@1 covers both cells of frame 1. Its edges go with the split; all four reference edges
    // reach a split node and are added; 2@0->2@2 over the gap is deleted.
    assertThat(r).isEqualTo(new Result(1, 0, 0, 1, 4, 0, 6, 4));
    assertThat(r.det()).isCloseTo(55.0 / 60, within(1e-12));
    assertThat(r.tra()).isCloseTo(1 - (5 + 1 + 4 * 1.5) / 66, within(1e-12));
  }

  @Test
  void aSpuriousCellIsDeletedAndItsEdgeWithIt() {
    int[] both = mask(band(0, 4, 1), band(6, 4, 2));
    int[] withSpurious = mask(band(0, 4, 1), band(4, 2, 3), band(6, 4, 2));
    Tracking computed = new Tracking(List.of(both, withSpurious, withSpurious),
        List.of(track(1, 0, 2, 0), track(2, 0, 2, 0), track(3, 1, 2, 0)));

    Result r = CtcMeasures.measure(twoCells(), computed);

    // FP: 3@1 and 3@2; the edge 3@1->3@2 is not counted again.
    assertThat(r).isEqualTo(new Result(0, 0, 2, 0, 0, 0, 6, 4));
    assertThat(r.det()).isCloseTo(58.0 / 60, within(1e-12));
    assertThat(r.tra()).isCloseTo(64.0 / 66, within(1e-12));
  }

  @Test
  void aCellCutInExactHalvesIsMatchedByNeitherHalf() {
    int[] both = mask(band(0, 4, 1), band(6, 4, 2));
    List<Linker.Track> tracks = List.of(track(1, 0, 2, 0), track(2, 0, 2, 0), track(3, 1, 1, 0));
    Tracking halves = new Tracking(List.of(both, mask(band(0, 2, 1), band(2, 2, 3), band(6, 4, 2)), both), tracks);
    Tracking threeQuarters = new Tracking(List.of(both, mask(band(0, 3, 1), band(3, 1, 3), band(6, 4, 2)), both),
        tracks);

    Result r = CtcMeasures.measure(twoCells(), halves);
    Result most = CtcMeasures.measure(twoCells(), threeQuarters);

    // 8 of 16 pixels is not more than half: FN 1@1, FP 1@1 and 3@1, EA 1@0->1@1 and 1@1->1@2.
    assertThat(r).isEqualTo(new Result(0, 1, 2, 0, 2, 0, 6, 4));
    assertThat(r.det()).isCloseTo(48.0 / 60, within(1e-12));
    assertThat(r.tra()).isCloseTo(1 - (10 + 2 + 2 * 1.5) / 66, within(1e-12));
    // 12 of 16 is: only the quarter 3@1 is left over.
    assertThat(most).isEqualTo(new Result(0, 0, 1, 0, 0, 0, 6, 4));
  }

  @Test
  void aMissedDivisionHasOneLinkOfTheWrongKindAndLacksTheOther() {
    // Reference: cell 1 in frames 0-1 divides into 2 (columns 0-1) and 3 (columns 2-3), frames 2-3:
    // 6 nodes, edges 1@0->1@1, 1@1->2@2, 1@1->3@2, 2@2->2@3, 3@2->3@3; AOGM0 = 60 + 7.5.
    int[] mother = mask(band(0, 4, 1));
    Tracking reference = new Tracking(List.of(mother, mother, mask(band(0, 2, 2), band(2, 2, 3)),
        mask(band(0, 2, 2), band(2, 2, 3))), List.of(track(1, 0, 1, 0), track(2, 2, 3, 1), track(3, 2, 3, 1)));
    // Computed: track 1 goes on as the left daughter, the right one starts a track of its own.
    Tracking computed = new Tracking(List.of(mother, mother, mask(band(0, 2, 1), band(2, 2, 3)),
        mask(band(0, 2, 1), band(2, 2, 3))), List.of(track(1, 0, 3, 0), track(3, 2, 3, 0)));

    Result r = CtcMeasures.measure(reference, computed);

    // EC: 1@1->1@2 is a track link where the reference has the parent link 1@1->2@2. EA: 1@1->3@2.
    assertThat(r).isEqualTo(new Result(0, 0, 0, 0, 1, 1, 6, 5));
    assertThat(r.det()).isEqualTo(1.0);
    assertThat(r.tra()).isCloseTo(1 - 2.5 / 67.5, within(1e-12));
  }

  @Test
  void aSpuriousDivisionOfATrackIntoAnOnlyDaughterIsOneLinkOfTheWrongKind() {
    int[] both = mask(band(0, 4, 1), band(6, 4, 2));
    Tracking computed = new Tracking(List.of(both, both, mask(band(0, 4, 5), band(6, 4, 2))),
        List.of(track(1, 0, 1, 0), track(2, 0, 2, 0), track(5, 2, 2, 1)));

    Result r = CtcMeasures.measure(twoCells(), computed);

    assertThat(r).isEqualTo(new Result(0, 0, 0, 0, 0, 1, 6, 4));
    assertThat(r.tra()).isCloseTo(65.0 / 66, within(1e-12));
  }

  @Test
  void swappingTwoTracksDeletesTwoLinksAndAddsTwo() {
    int[] both = mask(band(0, 4, 1), band(6, 4, 2));
    Tracking computed = new Tracking(List.of(both, both, mask(band(0, 4, 2), band(6, 4, 1))),
        List.of(track(1, 0, 2, 0), track(2, 0, 2, 0)));

    Result r = CtcMeasures.measure(twoCells(), computed);

    // ED: 1@1->1@2 and 2@1->2@2 join cell 1 to cell 2 and back. EA: 1@1->1@2 and 2@1->2@2 of the reference.
    assertThat(r).isEqualTo(new Result(0, 0, 0, 2, 2, 0, 6, 4));
    assertThat(r.det()).isEqualTo(1.0);
    assertThat(r.tra()).isCloseTo(1 - (2 + 2 * 1.5) / 66, within(1e-12));
  }

  @Test
  void aTrackIdSkippingFramesEqualsTheCtcsOnlyDaughterAfterTheGap() {
    int[] cell = mask(band(0, 4, 1));
    int[] empty = mask();
    Tracking skipping = new Tracking(List.of(cell, empty, cell), List.of(track(1, 0, 2, 0)));
    Tracking ctcForm = new Tracking(List.of(cell, empty, mask(band(0, 4, 5))),
        List.of(track(1, 0, 0, 0), track(5, 2, 2, 1)));
    Tracking restarted = new Tracking(List.of(cell, empty, mask(band(0, 4, 5))),
        List.of(track(1, 0, 0, 0), track(5, 2, 2, 0)));

    assertThat(CtcMeasures.measure(skipping, ctcForm)).isEqualTo(new Result(0, 0, 0, 0, 0, 0, 2, 1));
    assertThat(CtcMeasures.measure(ctcForm, skipping)).isEqualTo(new Result(0, 0, 0, 0, 0, 0, 2, 1));
    assertThat(CtcMeasures.measure(skipping, restarted)).isEqualTo(new Result(0, 0, 0, 0, 1, 0, 2, 1));
  }

  @Test
  void aTrackTableThatDisagreesWithItsMasksIsRejected() {
    int[] both = mask(band(0, 4, 1), band(6, 4, 2));
    Tracking unlisted = new Tracking(List.of(both, both, both), List.of(track(1, 0, 2, 0)));
    Tracking wrongEnd = new Tracking(List.of(both, both, both), List.of(track(1, 0, 1, 0), track(2, 0, 2, 0)));
    Tracking earlyDaughter = new Tracking(List.of(both, both, both), List.of(track(1, 0, 2, 0), track(2, 0, 2, 1)));
    Tracking shorter = new Tracking(List.of(both, both), List.of(track(1, 0, 1, 0), track(2, 0, 1, 0)));

    assertThatThrownBy(() -> CtcMeasures.measure(twoCells(), unlisted)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("computed masks: label 2 has no track in the table");
    assertThatThrownBy(() -> CtcMeasures.measure(wrongEnd, twoCells())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reference track table: track 1 spans frames 0-1, its masks 0-2");
    assertThatThrownBy(() -> CtcMeasures.measure(twoCells(), earlyDaughter))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has parent 1, which is no track ending");
    assertThatThrownBy(() -> CtcMeasures.measure(twoCells(), shorter)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the reference has 3 frames, the computed tracking 2");
  }
}
