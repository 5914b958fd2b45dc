package dev.tessera.tracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.tracking.Linker;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcquisitionEntryTest {

  @Test
  void pixelsAreStoredAsRunsAndComeBackTheSame() {
    int[] pixels = {3, 4, 5, 9, 60, 61, 62, 63, 120};

    assertThat(AcquisitionEntry.runs(pixels)).containsExactly(3, 3, 9, 1, 60, 4, 120, 1);
    assertThat(AcquisitionEntry.pixels(AcquisitionEntry.runs(pixels))).containsExactly(pixels);
    assertThat(AcquisitionEntry.runs(new int[0])).isEmpty();
  }

  @Test
  void anEntryComesBackFromItsBytesWithItsLinkerState() {
    Linker.State state = new Linker.State(41, 7, 4096, List.of(
        new Linker.LiveTrack(5, 30, 2, 41, new int[] {10, 11, 12, 70}),
        new Linker.LiveTrack(6, 38, 0, 40, new int[] {200})));
    AcquisitionEntry entry = AcquisitionEntry.start("unet").reached(0, 1000L, true, 0, 0, Linker.State.EMPTY, "unet")
        .reached(41, 2000L, true, 40, 3, state, "unet").rejected();

    AcquisitionEntry back = AcquisitionEntry.fromBytes(entry.toBytes());

    assertThat(back).usingRecursiveComparison().isEqualTo(entry);
    assertThat(List.of(back.firstFrame(), back.lastFrame(), back.framesTracked(), back.framesRejected(),
        back.framesMissing())).containsExactly(0L, 41L, 2L, 1L, 40L);
    assertThat(back.divisions()).isEqualTo(3);
  }
}
