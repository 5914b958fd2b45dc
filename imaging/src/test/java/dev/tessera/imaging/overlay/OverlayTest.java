package dev.tessera.imaging.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OverlayTest {

  private static final int GREY = 0x646464;

  private static byte[] grey100(int pixels) {
    byte[] grey = new byte[pixels];
    Arrays.fill(grey, (byte) 100);
    return grey;
  }

  @Test
  void displayGreyMapsZeroToOneOntoZeroTo255RoundingHalfUpAndClamping() {
    assertThat(Overlay.displayGrey(new float[] {-0.5f, 0f, 0.5f, 1f, 2f})).containsExactly(0, 0, 128, 255, 255);
  }

  @Test
  void instancesKeepTheBackgroundGreyOutlineEachCellInItsColourAndTintItsInside() {
    int[] labels = {
        0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 2, 0,
        0, 1, 1, 1, 2, 0,
        0, 1, 1, 1, 2, 0,
        0, 0, 0, 0, 0, 0};
    int c1 = 0x2665FF; // hue 0.618: (38, 101, 255)
    int c2 = 0xA5FF26; // hue 0.236: (165, 255, 38)
    int inside = 0x4E649A; // 0.65 * 100 + 0.35 * (38, 101, 255), rounded
    assertThat(Overlay.colour(1)).isEqualTo(c1);
    assertThat(Overlay.colour(2)).isEqualTo(c2);

    assertThat(Overlay.instances(6, 5, grey100(30), labels)).containsExactly(
        GREY, GREY, GREY, GREY, GREY, GREY,
        GREY, c1, c1, c1, c2, GREY,
        GREY, c1, inside, c1, c2, GREY,
        GREY, c1, c1, c1, c2, GREY,
        GREY, GREY, GREY, GREY, GREY, GREY);
  }

  @Test
  void comparisonTintsCellsInBothGreenPredictedOnlyMagentaAndMissedBlue() {
    boolean[] truth = {true, true, false, false};
    boolean[] predicted = {true, false, true, false};

    // 0.55 * 100 + 0.45 * green (40, 220, 60), blue (40, 120, 255), magenta (240, 40, 220), rounded
    assertThat(Overlay.comparison(grey100(4), truth, predicted)).containsExactly(0x499A52, 0x496DAA, 0xA3499A, GREY);
  }

  @Test
  void refusesPixelArraysOfDifferentSizes() {
    assertThatThrownBy(() -> Overlay.instances(3, 2, grey100(6), new int[5]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("5 labels pixels are not a 3x2 image");
    assertThatThrownBy(() -> Overlay.comparison(grey100(4), new boolean[4], new boolean[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("4 grey pixels, 4 truth pixels and 3 predicted pixels differ");
  }
}
