package dev.tessera.tracker.topology;

import static dev.tessera.tracker.TrackerFixtures.discs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.records.Cell;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;
import dev.tessera.tracker.TrackerFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramePairTest {

  private static final int[] TWO = discs(new int[] {12, 15, 7}, new int[] {45, 15, 6});

  @Test
  void aTableThatDescribesItsMaskGivesTheMasksLabels() {
    int[] labels = FramePair.labels(TrackerFixtures.mask("cam", 3, TWO), TrackerFixtures.objects("cam", 3, TWO));

    assertThat(labels).containsExactly(TWO);
  }

  @Test
  void namesTheFirstDifferencesBetweenTableAndMask() {
    ObjectTable table = TrackerFixtures.objects("cam", 3, TWO);
    List<Cell> cells = new ArrayList<>(table.getCells());
    int area1 = cells.get(0).getArea();
    cells.set(0, Cell.newBuilder(cells.get(0)).setArea(area1 + 1).build());
    cells.add(Cell.newBuilder(cells.get(1)).build());
    cells.add(Cell.newBuilder(cells.get(1)).setLabel(9).build());
    cells.add(Cell.newBuilder(cells.get(1)).setLabel(0).build());
    table.setCells(cells);

    assertThatThrownBy(() -> FramePair.labels(TrackerFixtures.mask("cam", 3, TWO), table))
        .isInstanceOfSatisfying(Rejection.class, r -> {
          assertThat(r.errorType()).isEqualTo(DeadLetterError.OBJECTS_CONTRADICT_MASK);
          assertThat(r.reason()).isEqualTo("frame 3 of acquisition 'cam': the object table lists 5 cells, the mask 2:"
              + " label 1 has area " + (area1 + 1) + " in the table, " + area1 + " px in the mask; two rows for label 2;"
              + " row for label 9, which the mask does not have; and 1 more; the frame is not tracked");
        });
  }

  @Test
  void refusesAnotherSizeAnotherModelAndLabelsBeyondTheCount() {
    Mask mask = TrackerFixtures.mask("cam", 1, TWO);
    ObjectTable wide = TrackerFixtures.objects("cam", 1, TWO);
    wide.setWidth(61);
    ObjectTable otherModel = TrackerFixtures.objects("cam", 1, TWO);
    otherModel.setModelId("other");
    Mask undercounted = TrackerFixtures.mask("cam", 1, TWO);
    undercounted.setInstanceCount(1);

    assertThatThrownBy(() -> FramePair.labels(mask, wide)).hasMessage("frame 1 of acquisition 'cam': the mask is"
        + " 60x30, its object table 61x30; the frame is not tracked");
    assertThatThrownBy(() -> FramePair.labels(mask, otherModel)).hasMessage("frame 1 of acquisition 'cam': the mask"
        + " was made by model 'unet-test', its object table by 'other'; the frame is not tracked");
    assertThatThrownBy(() -> FramePair.labels(undercounted, TrackerFixtures.objects("cam", 1, TWO)))
        .hasMessage("frame 1 of acquisition 'cam': the mask holds label 2 but counts 1 cells; the frame is not tracked");
  }

  @Test
  void aMaskWithoutInstanceLabelsIsUntrackableUnlessTheFrameIsEmpty() {
    Mask bare = TrackerFixtures.mask("cam", 2, TWO);
    bare.setInstances(null);
    Mask empty = TrackerFixtures.mask("cam", 2, new int[TWO.length]);
    empty.setInstances(null);

    assertThatThrownBy(() -> FramePair.labels(bare, TrackerFixtures.objects("cam", 2, TWO)))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.errorType())
            .isEqualTo(DeadLetterError.MASK_WITHOUT_INSTANCES))
        .hasMessage("frame 2 of acquisition 'cam': the mask counts 2 cells and its object table 2, but the mask"
            + " carries no instance labels to link them by");
    assertThat(FramePair.labels(empty, TrackerFixtures.objects("cam", 2, new int[TWO.length])))
        .containsOnly(0).hasSize(TWO.length);
  }
}
