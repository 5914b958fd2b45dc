package dev.tessera.imaging.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MirrorTest {

  @Test
  void reflectsWithoutRepeatingTheEdgePixelAsNumpyReflectDoes() {
    // np.pad([0, 1, 2], 2, mode="reflect") = [2 1 | 0 1 2 | 1 0]
    assertThat(Mirror.reflectRange(-2, 7, 3)).containsExactly(2, 1, 0, 1, 2, 1, 0);
  }

  @Test
  void reflectsAgainAndAgainWhenTheFrameIsSmallerThanTheMargin() {
    // np.pad([0, 1, 2, 3], 5, mode="reflect") = [1 2 3 2 1 | 0 1 2 3 | 2 1 0 1 2]
    assertThat(Mirror.reflectRange(-5, 14, 4)).containsExactly(1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2);
    // np.pad([0, 1], 4, mode="reflect") = [0 1 0 1 | 0 1 | 0 1 0 1]
    assertThat(Mirror.reflectRange(-4, 10, 2)).containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
    // np.pad([0, 1, 2], 7, mode="reflect") = [1 2 1 0 1 2 1 | 0 1 2 | 1 0 1 2 1 0 1]
    assertThat(Mirror.reflectRange(-7, 17, 3)).containsExactly(1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1);
  }

  @Test
  void repeatsTheOnlyPixelOfAOnePixelFrame() {
    assertThat(Mirror.reflectRange(-3, 7, 1)).containsOnly(0);
  }

  @Test
  void cutsAMirroredWindowOfTwoBytePixelsKeepingEachPixelsBytesTogether() {
    // A 3x2 frame of UINT16 pixels whose value is 10*row + column, little-endian.
    byte[] frame = new byte[3 * 2 * 2];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        frame[2 * (y * 3 + x)] = (byte) (10 * y + x);
        frame[2 * (y * 3 + x) + 1] = (byte) 0x80;
      }
    }

    byte[] cut = Mirror.cut(frame, 3, 2, 2, -2, -1, 4);

    // Rows -1, 0, 1, 2 come from rows 1, 0, 1, 0; columns -2..1 from columns 2, 1, 0, 1.
    int[][] expected = {{12, 11, 10, 11}, {2, 1, 0, 1}, {12, 11, 10, 11}, {2, 1, 0, 1}};
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        assertThat(cut[2 * (r * 4 + c)]).as("row %d col %d", r, c).isEqualTo((byte) expected[r][c]);
        assertThat(cut[2 * (r * 4 + c) + 1]).isEqualTo((byte) 0x80);
      }
    }
  }

  @Test
  void cutsAFloatWindowLikeTheByteWindow() {
    float[] frame = {0, 1, 2, 3, 4, 5};

    float[] cut = Mirror.cut(frame, 3, 2, 2, 1, 3, 2);

    // Columns 2, 3, 4 come from 2, 1, 0; rows 1, 2 from 1, 0.
    assertThat(cut).containsExactly(5, 4, 3, 2, 1, 0);
  }

  @Test
  void cutsAWindowLyingWhollyOutsideTheFrame() {
    byte[] frame = {0, 1, 2};

    assertThat(Mirror.cut(frame, 0, 3, 1, 1, 5, 0, 3, 1)).containsExactly(1, 2, 1);
    assertThat(Mirror.cut(frame, 0, 3, 1, 1, -4, 0, 3, 1)).containsExactly(0, 1, 2);
  }
}
