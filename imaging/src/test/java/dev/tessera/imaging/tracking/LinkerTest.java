package dev.tessera.imaging.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkerTest {

  private static final int W = 60;
  private static final int H = 30;

  /** Discs (cx, cy, r, label) drawn into a label image. */
  private static int[] frame(int[]... discs) {
    int[] labels = new int[W * H];
    for (int[] d : discs) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= d[2] * d[2]) {
            labels[y * W + x] = d[3];
          }
        }
      }
    }
    return labels;
  }

  @Test
  void followsMovingCellsThroughADivisionAndAGap() {
    Linker linker = new Linker(Linker.Options.DEFAULTS);
    // Labels change from frame to frame on purpose: tracks come from overlap, not from labels.
    Linker.FrameLinks f0 = linker.next(0, frame(new int[] {12, 15, 7, 1}, new int[] {45, 15, 6, 2}));
    Linker.FrameLinks f1 = linker.next(1, frame(new int[] {14, 15, 7, 5}, new int[] {46, 15, 6, 9}));
    // The left cell divides into two halves; the right one is missing for a frame.
    Linker.FrameLinks f2 = linker.next(2, frame(new int[] {11, 15, 5, 3}, new int[] {19, 15, 5, 4}));
    Linker.FrameLinks f3 = linker.next(4, frame(new int[] {10, 15, 5, 1}, new int[] {20, 15, 5, 2},
        new int[] {47, 15, 6, 3}));

    int left = f0.trackOfLabel().get(1);
    int right = f0.trackOfLabel().get(2);
    assertThat(f1.trackOfLabel()).containsEntry(5, left).containsEntry(9, right);
    assertThat(f2.divisions()).containsExactly(left);
    int a = f2.trackOfLabel().get(3);
    int b = f2.trackOfLabel().get(4);
    assertThat(List.of(a, b)).doesNotContain(left, right).doesNotHaveDuplicates();
    assertThat(f3.trackOfLabel()).containsEntry(1, a).containsEntry(2, b).as("back after a gap of one frame")
        .containsEntry(3, right);
    assertThat(linker.tracks()).containsExactly(
        new Linker.Track(left, 0, 1, 0),
        new Linker.Track(right, 0, 4, 0),
        new Linker.Track(a, 2, 4, left),
        new Linker.Track(b, 2, 4, left));
  }

  @Test
  void aTrackMissingLongerThanTheGapEndsAndItsCellStartsANewOne() {
    Linker linker = new Linker(new Linker.Options(0.2, 1, 0.3));
    int first = linker.next(0, frame(new int[] {30, 15, 6, 1})).trackOfLabel().get(1);
    linker.next(1, frame());
    linker.next(2, frame());
    int later = linker.next(3, frame(new int[] {30, 15, 6, 1})).trackOfLabel().get(1);

    assertThat(later).isNotEqualTo(first);
    assertThatThrownBy(() -> linker.next(3, frame())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increasing order");
  }
}
