package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.imaging.geometry.TileSizes;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpShapesTest {

  private static final UNetGeometry DEPTH_4 = new UNetGeometry(4);

  @Test
  void eachFrameSizeGivesTheTileSizeTheTilerChoosesOnceAndInOrder() {
    // the tiler's choices at its default maximum: 512x512 -> one 700 tile, 2048x2048 -> nine 876 tiles
    assertThat(WarmUpShapes.tileSizes(DEPTH_4, List.of("2048x2048", "512x512", " 512X512 "),
        TileSizes.DEFAULT_MAX_INPUT_SIZE)).containsExactly(700, 876);
    // with at most 572 the cheapest tiling of 2048 is not the largest tile
    assertThat(WarmUpShapes.tileSizes(DEPTH_4, List.of("2048x2048"), 572)).containsExactly(540);
    assertThat(WarmUpShapes.tileSizes(DEPTH_4, List.of(), TileSizes.DEFAULT_MAX_INPUT_SIZE)).isEmpty();
  }

  @Test
  void aSizeThatIsNotWidthByHeightIsRefusedNamingTheSetting() {
    for (String bad : List.of("2048", "2048by2048", "0x512", "-5x5")) {
      assertThatThrownBy(() -> WarmUpShapes.tileSizes(DEPTH_4, List.of(bad), 1084))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("warmup-frame-sizes: '" + bad + "' is not WIDTHxHEIGHT (e.g. 2048x2048)");
    }
  }
}
