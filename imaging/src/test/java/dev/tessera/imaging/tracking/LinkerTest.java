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
    Linker.FrameLinks f3 = linker.next(3, frame(new int[] {10, 15, 5, 1}, new int[] {20, 15, 5, 2},
        new int[] {47, 15, 6, 3}));

    int left = f0.trackOfLabel().get(1);
    int right = f0.trackOfLabel().get(2);
    assertThat(f1.trackOfLabel()).containsEntry(5, left).containsEntry(9, right);
    assertThat(f2.divisions()).containsExactly(left);
    int a = f2.trackOfLabel().get(3);
    int b = f2.trackOfLabel().get(4);
    assertThat(List.of(a, b)).doesNotContain(left, right).doesNotHaveDuplicates();
    assertThat(f3.trackOfLabel()).containsEntry(1, a).containsEntry(2, b);
    int back = f3.trackOfLabel().get(3);
    assertThat(f3.resumed()).as("back after a gap of one frame: a new track, child of the old").containsExactly(back);
    assertThat(linker.tracks()).containsExactly(
        new Linker.Track(left, 0, 1, 0),
        new Linker.Track(right, 0, 1, 0),
        new Linker.Track(a, 2, 3, left),
        new Linker.Track(b, 2, 3, left),
        new Linker.Track(back, 3, 3, right));
    assertThat(f2.ended()).as("the mother ends where her daughters begin").containsExactly(
        new Linker.Track(left, 0, 1, 0));
    assertThat(f2.updated()).containsExactly(new Linker.Track(a, 2, 2, left), new Linker.Track(b, 2, 2, left));
    assertThat(f2.resumed()).isEmpty();
    assertThat(f3.ended()).containsExactly(new Linker.Track(right, 0, 1, 0));
  }

  @Test
  void aLinkerResumedFromItsStateLinksAsTheOriginalWould() {
    List<int[]> frames = List.of(
        frame(new int[] {12, 15, 7, 1}, new int[] {45, 15, 6, 2}),
        frame(new int[] {14, 15, 7, 5}, new int[] {46, 15, 6, 9}),
        frame(new int[] {11, 15, 5, 3}, new int[] {19, 15, 5, 4}),
        frame(new int[] {10, 15, 5, 1}, new int[] {20, 15, 5, 2}, new int[] {47, 15, 6, 3}));
    long[] indices = {0, 1, 2, 4};
    Linker original = new Linker(Linker.Options.DEFAULTS);
    Linker.State state = Linker.State.EMPTY;
    for (int f = 0; f < frames.size(); f++) {
      Linker.FrameLinks expected = original.next(indices[f], frames.get(f));
      // a stage keeps nothing but the state between frames
      Linker restarted = Linker.resume(Linker.Options.DEFAULTS, state);
      Linker.FrameLinks actual = restarted.next(indices[f], frames.get(f));
      assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
      state = restarted.state();
    }
    assertThat(state.nextId()).as("frame 3 is missing: the three cells of frame 4 begin tracks 5-7").isEqualTo(8);
    assertThat(state.lastFrame()).isEqualTo(4);
    assertThat(state.frameSize()).isEqualTo(W * H);
    assertThat(state.live()).extracting(Linker.LiveTrack::id).containsExactlyInAnyOrder(5, 6, 7);
  }

  @Test
  void aTrackMissingLongerThanTheGapEndsAndItsCellStartsANewOne() {
    Linker linker = new Linker(new Linker.Options(0.2, 1, 0.3));
    int first = linker.next(0, frame(new int[] {30, 15, 6, 1})).trackOfLabel().get(1);
    assertThat(linker.next(1, frame()).ended()).isEmpty();
    assertThat(linker.next(2, frame()).ended()).containsExactly(new Linker.Track(first, 0, 0, 0));
    int later = linker.next(3, frame(new int[] {30, 15, 6, 1})).trackOfLabel().get(1);

    assertThat(later).isNotEqualTo(first);
    assertThatThrownBy(() -> linker.next(3, frame())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increasing order");
  }

  @Test
  void aTrackEndsBeforeLinkingWhenFrameIndicesJumpPastTheGap() {
    Linker linker = new Linker(new Linker.Options(0.2, 2, 0.3));
    int first = linker.next(0, frame(new int[] {30, 15, 6, 1})).trackOfLabel().get(1);

    Linker.FrameLinks tenth = linker.next(10, frame(new int[] {30, 15, 6, 1}));

    assertThat(tenth.ended()).as("frames 1-9 never came: 9 missed, more than 2").containsExactly(
        new Linker.Track(first, 0, 0, 0));
    assertThat(tenth.resumed()).isEmpty();
    assertThat(linker.tracks()).containsExactly(new Linker.Track(first, 0, 0, 0),
        new Linker.Track(tenth.trackOfLabel().get(1), 10, 10, 0));
  }

  @Test
  void aFrameOfAnotherSizeEndsEveryTrackInsteadOfIndexingTheOldGrid() {
    Linker linker = new Linker(Linker.Options.DEFAULTS);
    int first = linker.next(0, frame(new int[] {30, 15, 6, 1})).trackOfLabel().get(1);
    int[] larger = new int[4 * W * H];
    larger[4 * W * H - 1] = 1; // one cell in the last pixel, beyond the old grid

    Linker.FrameLinks other = linker.next(1, larger);

    assertThat(other.ended()).containsExactly(new Linker.Track(first, 0, 0, 0));
    assertThat(other.trackOfLabel().get(1)).isNotEqualTo(first);
    assertThat(linker.state().frameSize()).isEqualTo(4 * W * H);
  }
}
