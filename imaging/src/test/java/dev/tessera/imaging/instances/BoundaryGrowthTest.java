package dev.tessera.imaging.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.imaging.testing.Pictures;
import org.junit.jupiter.api.Test;

class BoundaryGrowthTest {

  private static final int INTERIOR = 1;
  private static final int BOUNDARY = 2;

  /** Two cells whose predicted outlines touch in row 2, and an outline without interior. */
  private static final String[] CLASSES = {
      "bbbb.bbbbb",
      "b##b.b###b",
      "b##bbb###b",
      "bbbb.bbbbb",
      "..........",
      ".bbb......",
      ".b.b......",
      ".bbb......"};

  /** '.' background, '#' interior, 'b' boundary. */
  private static byte[] classes(String... rows) {
    return Pictures.byteCodes(".#b", rows);
  }

  private static int[] labels(String... rows) {
    return Pictures.codes(".12", rows);
  }

  @Test
  void growsEachInteriorIntoTheBoundaryPixelsNearestToItAndLeavesRingsWithoutInteriorOut() {
    InstanceOptions options = new InstanceOptions(Connectivity.FOUR, false, 2, BOUNDARY, 0);

    Instances cells = options.labelClass(classes(CLASSES), INTERIOR, 10, 8);

    // (4,2) is two steps from both interiors: the left cell's flood reaches it first (raster order).
    assertThat(cells.count()).isEqualTo(2);
    assertThat(cells.labels()).containsExactly(labels(
        "1111.22222",
        "1111.22222",
        "1111122222",
        "1111.22222",
        "..........",
        "..........",
        "..........",
        ".........."));
  }

  @Test
  void growsAtMostTwoStepsIntoTheBoundary() {
    InstanceOptions options = new InstanceOptions(Connectivity.FOUR, false, 2, BOUNDARY, 0);

    Instances cells = options.labelClass(classes("b#bbbb", "..b..."), INTERIOR, 6, 2);

    assertThat(cells.labels()).containsExactly(labels("1111..", "..1..."));
  }

  @Test
  void withoutABoundaryClassTheCellsAreTheInteriorsComponents() {
    Instances cells = InstanceOptions.defaults().labelClass(classes(CLASSES), INTERIOR, 10, 8);

    assertThat(cells.count()).isEqualTo(2);
    assertThat(cells.labels()).containsExactly(labels(
        "..........",
        ".11...222.",
        ".11...222.",
        "..........",
        "..........",
        "..........",
        "..........",
        ".........."));
  }

  @Test
  void refusesABoundaryClassThatIsTheForegroundClass() {
    InstanceOptions options = new InstanceOptions(Connectivity.FOUR, false, 2, INTERIOR, 0);

    assertThatThrownBy(() -> options.labelClass(classes(CLASSES), INTERIOR, 10, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the boundary class 1 is the foreground class");
  }
}
