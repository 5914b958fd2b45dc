package dev.tessera.ingest.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchStateTest {

  @TempDir
  Path dir;

  @Test
  void startsEmptyWithoutAFile() throws IOException {
    WatchState state = WatchState.load(dir.resolve("state"), "a");
    assertThat(state.nextFrameIndex()).isZero();
    assertThat(state.inProgress()).isEmpty();
    assertThat(state.handled()).isEmpty();
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void survivesAReloadWithOddFileNames() throws IOException {
    Path file = dir.resolve("state");
    WatchState state = WatchState.load(file, "a");
    state.begin("img 1 %.tif", 3, 2, 41);
    state.done("img 1 %.tif", 0, 3);
    state.failed("notes\nx.tif", 3, 0);
    state.begin("ü 2.tif", 1, 2, 44);

    WatchState again = WatchState.load(file, "a");
    assertThat(again.nextFrameIndex()).isEqualTo(3);
    assertThat(again.isHandled("img 1 %.tif")).isTrue();
    assertThat(again.isHandled("notes\nx.tif")).isTrue();
    assertThat(again.handled().get("notes\nx.tif").failed()).isTrue();
    assertThat(again.inProgress()).contains(new WatchState.InProgress("ü 2.tif", 3, 1, 2, 44));
    assertThat(Files.readString(file)).isEqualTo("""
        tessera-folder-watch 1
        acquisition a
        next-frame-index 3
        in-progress 3 1 2 44 %C3%BC+2.tif
        done 0 3 img+1+%25.tif
        failed 3 notes%0Ax.tif
        """);
    assertThat(dir.resolve(".state.tmp")).doesNotExist();
  }

  @Test
  void reservesTheIndicesOfAPartlyPublishedFailedFile() throws IOException {
    WatchState state = WatchState.load(dir.resolve("state"), "a");
    state.failed("x.tif", 0, 4);
    assertThat(state.nextFrameIndex()).isEqualTo(4);
    state.failed("y.tif", 4, 0);
    assertThat(state.nextFrameIndex()).isEqualTo(4);
  }

  @Test
  void refusesTheStateOfAnotherAcquisition() throws IOException {
    Path file = dir.resolve("state");
    WatchState.load(file, "a").done("x.tif", 0, 1);
    assertThatThrownBy(() -> WatchState.load(file, "b")).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("State file " + file + " belongs to acquisition a, not b");
  }

  @Test
  void refusesAFileThatIsNotAState() throws IOException {
    Path file = dir.resolve("state");
    Files.writeString(file, "hello\n");
    assertThatThrownBy(() -> WatchState.load(file, "a")).isInstanceOf(IOException.class)
        .hasMessageContaining("is not a folder-watch state file");
  }
}
