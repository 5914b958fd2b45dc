package dev.tessera.imaging.instances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.Cell;
import dev.tessera.records.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstancesTest {

  /** Rows of '#' (foreground) and '.' (background) to a mask. */
  static byte[] mask(String... rows) {
    byte[] m = new byte[rows.length * rows[0].length()];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length(); x++) {
        m[y * rows[0].length() + x] = rows[y].charAt(x) == '#' ? (byte) 1 : 0;
      }
    }
    return m;
  }

  private static boolean[] booleans(String... rows) {
    byte[] bytes = mask(rows);
    boolean[] m = new boolean[bytes.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = bytes[i] != 0;
    }
    return m;
  }

  private static final String[] DIAGONAL = {
      "##..#",
      "##.#.",
      "..#..",
      "#...#"};

  @Test
  void numbersFourConnectedComponentsInRasterOrder() {
    Instances cells = ConnectedComponents.label(mask(DIAGONAL), 5, 4, Connectivity.FOUR);

    assertThat(cells.count()).isEqualTo(6);
    assertThat(cells.labels()).containsExactly(
        1, 1, 0, 0, 2,
        1, 1, 0, 3, 0,
        0, 0, 4, 0, 0,
        5, 0, 0, 0, 6);
  }

  @Test
  void aMinimumAreaDropsSmallerCellsAndNumbersTheRestAgain() {
    InstanceOptions options = new InstanceOptions(Connectivity.FOUR, false, 2, InstanceOptions.NO_CLASS, 2);

    Instances cells = options.label(mask(DIAGONAL), 5, 4);

    assertThat(cells.count()).isEqualTo(1);
    assertThat(cells.labels()).containsExactly(
        1, 1, 0, 0, 0,
        1, 1, 0, 0, 0,
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0);
    Instances all = ConnectedComponents.label(mask(DIAGONAL), 5, 4, Connectivity.FOUR);
    assertThat(all.withoutCellsBelow(1)).isSameAs(all);
    assertThat(all.withoutCellsBelow(5).count()).isZero();
    assertThat(options.describe()).isEqualTo("4-connected cells, of at least 2 px");
    assertThat(new InstanceOptions(Connectivity.EIGHT, true, 1.5, 2, 30).describe())
        .isEqualTo("8-connected cells split by watershed (h 1.5 px), grown into class 2, of at least 30 px");
  }

  @Test
  void joinsCornerTouchingPixelsWithEightConnectivity() {
    Instances cells = ConnectedComponents.label(mask(DIAGONAL), 5, 4, Connectivity.EIGHT);

    assertThat(cells.count()).isEqualTo(3);
    assertThat(cells.labels()).containsExactly(
        1, 1, 0, 0, 1,
        1, 1, 0, 1, 0,
        0, 0, 1, 0, 0,
        2, 0, 0, 0, 3);
  }

  @Test
  void labelsABooleanMaskLikeTheByteMaskItStandsFor() {
    Instances cells = ConnectedComponents.label(booleans(
        "##..#",
        "#..#.",
        "..##."), 5, 3, Connectivity.FOUR);

    assertThat(cells.count()).isEqualTo(3);
    assertThat(cells.labels()).containsExactly(
        1, 1, 0, 0, 2,
        1, 0, 0, 3, 0,
        0, 0, 3, 3, 0);
    assertThat(ConnectedComponents.label(booleans(DIAGONAL), 5, 4, Connectivity.EIGHT).labels())
        .containsExactly(ConnectedComponents.label(mask(DIAGONAL), 5, 4, Connectivity.EIGHT).labels());
  }

  @Test
  void renumbersAnyPositiveIdsByFirstAppearance() {
    Instances cells = Instances.renumbered(7, 1, new int[] {0, 7, 7, 3, 0, 9, 3}, 9);

    assertThat(cells.count()).isEqualTo(3);
    assertThat(cells.labels()).containsExactly(0, 1, 1, 2, 0, 3, 2);
  }

  @Test
  void writesLabelsAsUint16LittleEndian() {
    Instances cells = new Instances(3, 1, new int[] {0, 1, 300}, 300);

    assertThat(cells.toUint16Le()).containsExactly(0, 0, 1, 0, 0x2C, 0x01);
  }

  @Test
  void measuresAreaCentroidBoundingBoxAndMeanProbabilityPerCell() {
    Instances cells = ConnectedComponents.label(mask(DIAGONAL), 5, 4, Connectivity.EIGHT);
    byte[] foreground = new byte[20];
    for (int i = 0; i < 20; i++) {
      foreground[i] = (byte) (i * 10);
    }

    List<Cell> rows = ObjectRows.of(cells, foreground);

    // Cell 1: pixels 0,1,4,5,6,8,12 (x sum 11, y sum 5) -> levels 0,10,40,50,60,80,120;
    // cell 2: pixel 15 -> 150; cell 3: pixel 19 -> 190.
    assertThat(rows).containsExactly(
        new Cell(1, 7, 11 / 7.0, 5 / 7.0, new Region(0, 0, 5, 3), (float) (360 / (255.0 * 7))),
        new Cell(2, 1, 0.0, 3.0, new Region(0, 3, 1, 1), (float) (150 / 255.0)),
        new Cell(3, 1, 4.0, 3.0, new Region(4, 3, 1, 1), (float) (190 / 255.0)));
  }
}
