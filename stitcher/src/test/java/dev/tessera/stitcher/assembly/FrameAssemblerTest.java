package dev.tessera.stitcher.assembly;

import static dev.tessera.stitcher.TileMaskFixtures.twoClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.records.Region;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;
import dev.tessera.stitcher.TileMaskFixtures;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

  // Depth 1, input 18: output 2, margin 8. A 5x3 frame is a 3x2 grid; the last column and row own 1 pixel.
  private static final UNetGeometry D1 = new UNetGeometry(1);
  private static final TilePlan PLAN = TilePlan.of(D1, 5, 3, 18);

  private static final int[] FOREGROUND = {
      0, 200, 127, 128, 255,
      255, 128, 127, 0, 1,
      90, 165, 100, 200, 64};

  private static List<TileMask> tiles() {
    return TileMaskFixtures.tiles("cam", 7, D1, PLAN, 2, twoClass(FOREGROUND, 5));
  }

  private static FrameAssembler assembler() {
    return new FrameAssembler(FrameSignature.of(tiles().get(0)), 1);
  }

  @Test
  void pastesEachTilesOwnedRegionIntoExactClassLabelsAndForeground() {
    FrameAssembler assembler = assembler();
    tiles().forEach(assembler::add);

    AssembledFrame frame = assembler.finish();

    assertThat(frame.classLabels()).containsExactly(
        0, 1, 0, 1, 1,
        1, 1, 0, 0, 0,
        0, 1, 0, 1, 0);
    byte[] expectedForeground = new byte[FOREGROUND.length];
    for (int i = 0; i < FOREGROUND.length; i++) {
      expectedForeground[i] = (byte) FOREGROUND[i];
    }
    assertThat(frame.foreground()).containsExactly(expectedForeground);
    assertThat(frame.acquisitionId()).isEqualTo("cam");
    assertThat(frame.frameIndex()).isEqualTo(7);
    assertThat(frame.capturedAt()).isEqualTo(TileMaskFixtures.capturedAt(7));
    assertThat(frame.tiledAt()).isEqualTo(TileMaskFixtures.capturedAt(7) + 100);
    assertThat(frame.firstScoredAt()).isEqualTo(TileMaskFixtures.capturedAt(7) + 200);
    assertThat(frame.lastScoredAt()).isEqualTo(TileMaskFixtures.capturedAt(7) + 205);
  }

  @Test
  void givesTheSameBytesWhateverOrderTheTilesArriveIn() {
    FrameAssembler inOrder = assembler();
    tiles().forEach(inOrder::add);
    List<TileMask> shuffled = new ArrayList<>(tiles());
    Collections.shuffle(shuffled, new Random(42));
    FrameAssembler outOfOrder = assembler();
    shuffled.forEach(outOfOrder::add);

    assertThat(outOfOrder.finish().classLabels()).isEqualTo(inOrder.finish().classLabels());
    assertThat(outOfOrder.finish().foreground()).isEqualTo(inOrder.finish().foreground());
  }

  @Test
  void aForegroundThresholdMakesEveryPixelFromRound255tForeground() {
    FrameAssembler low = new FrameAssembler(FrameSignature.of(tiles().get(0)), 1, 0.35); // level 89
    FrameAssembler high = new FrameAssembler(FrameSignature.of(tiles().get(0)), 1, 0.9); // level 230
    tiles().forEach(low::add);
    tiles().forEach(high::add);

    assertThat(low.finish().classLabels()).containsExactly(
        0, 1, 1, 1, 1,
        1, 1, 1, 0, 0,
        1, 1, 1, 1, 0);
    assertThat(high.finish().classLabels()).containsExactly(
        0, 0, 0, 0, 1,
        1, 0, 0, 0, 0,
        0, 0, 0, 0, 0);
  }

  @Test
  void breaksTiesTowardsTheLowerClassIndex() {
    // Three classes, one pixel each column: (85,85,85) -> 0, (0,100,100) -> 1, (10,20,30) -> 2, (50,50,0) -> 0.
    int[][] levels = {{85, 0, 10, 50}, {85, 100, 20, 50}, {85, 100, 30, 0}};
    TilePlan plan = TilePlan.of(D1, 4, 1, 18);
    List<TileMask> tiles = TileMaskFixtures.tiles("cam", 1, D1, plan, 3, (c, x, y) -> levels[c][x]);
    FrameAssembler assembler = new FrameAssembler(FrameSignature.of(tiles.get(0)), 2);
    tiles.forEach(assembler::add);

    AssembledFrame frame = assembler.finish();

    assertThat(frame.classLabels()).containsExactly(0, 1, 2, 0);
    assertThat(frame.foreground()).containsExactly(85, 100, 30, 0);
  }

  @Test
  void isCompleteOnlyWhenEveryTileIsThere() {
    FrameAssembler assembler = assembler();
    tiles().subList(0, 5).forEach(assembler::add);

    assertThat(assembler.complete()).isFalse();
    assertThatThrownBy(assembler::finish).isInstanceOf(IllegalStateException.class)
        .hasMessage("frame cam/7 has 5 of 6 tiles");
  }

  @Test
  void refusesATileWhoseOwnedRegionIsNotItsPlans() {
    TileMask tile = TileMaskFixtures.tile("cam", 7, D1, PLAN, 1, 2, twoClass(FOREGROUND, 5))
        .setOwned(new Region(1, 0, 2, 2)).build();

    assertThatThrownBy(() -> assembler().add(tile)).isInstanceOf(Rejection.class)
        .hasMessage("tile 1 owns x=1,y=0 2x2 but tile 1 of a 5x3 frame cut for unet-d1/in18/m8 owns x=2,y=0 2x2")
        .extracting(e -> ((Rejection) e).errorType()).isEqualTo(DeadLetterError.INVALID_TILE_MASK);
  }

  @Test
  void refusesATileClaimingAGridItsFrameDoesNotHave() {
    TileMask tile = TileMaskFixtures.tile("cam", 7, D1, PLAN, 1, 2, twoClass(FOREGROUND, 5))
        .setTileCount(4).setGridColumns(2).build();

    assertThatThrownBy(() -> TileChecks.check(tile, 1)).isInstanceOf(Rejection.class)
        .hasMessage("tile 1 claims 4 tiles in a 2x2 grid, but a 5x3 frame cut for unet-d1/in18/m8 has 6 tiles"
            + " in a 3x2 grid");
  }

  @Test
  void refusesAGeometryIdThatIsNotATesseraTileGeometry() {
    assertThatThrownBy(() -> TileChecks.planOf("tiles-572", 5, 3)).isInstanceOf(Rejection.class)
        .hasMessage("geometry id 'tiles-572' is not of the form unet-d<depth>/in<input>/m<margin>");
    assertThatThrownBy(() -> TileChecks.planOf("unet-d1/in18/m9", 5, 3))
        .hasMessage("geometry id 'unet-d1/in18/m9' contradicts its depth and input size, which give 'unet-d1/in18/m8'");
    assertThatThrownBy(() -> TileChecks.planOf("unet-d1/in19/m8", 5, 3))
        .hasMessageStartingWith("geometry id 'unet-d1/in19/m8' is not valid: Input size 19 is not valid for a depth-1 U-Net");
  }

  @Test
  void refusesATileWithTooFewProbabilityBytes() {
    TileMask tile = TileMaskFixtures.tile("cam", 7, D1, PLAN, 0, 2, twoClass(FOREGROUND, 5))
        .setProbabilities(ByteBuffer.wrap(new byte[7])).build();

    assertThatThrownBy(() -> TileChecks.check(tile, 1))
        .hasMessage("tile 0 carries 7 probability bytes; 2 classes over its 2x2 owned region need 8");
  }

  @Test
  void refusesAForegroundClassTheModelDoesNotHave() {
    TileMask tile = tiles().get(0);

    assertThatThrownBy(() -> TileChecks.check(tile, 2))
        .hasMessage("the foreground class 2 (setting foreground-class) is not a class of this 2-class model");
  }

  @Test
  void refusesATileScoredByAnotherModelVersion() {
    FrameAssembler assembler = assembler();
    TileMask other = TileMaskFixtures.tile("cam", 7, D1, PLAN, 3, 2, twoClass(FOREGROUND, 5))
        .setModelSha256(TileMaskFixtures.OTHER_SHA).build();

    assertThatThrownBy(() -> assembler.add(other)).isInstanceOf(Rejection.class)
        .hasMessage("tile 3 was scored by unet-d1-test (sha256 " + TileMaskFixtures.OTHER_SHA
            + "), the frame by unet-d1-test (sha256 " + TileMaskFixtures.MODEL_SHA + ")")
        .extracting(e -> ((Rejection) e).errorType()).isEqualTo(DeadLetterError.MIXED_MODELS);
  }

  @Test
  void refusesATileOfAnotherFrameSize() {
    FrameAssembler assembler = assembler();
    TilePlan wider = TilePlan.of(D1, 6, 3, 18);
    TileMask tile = TileMaskFixtures.tile("cam", 7, D1, wider, 0, 2, (c, x, y) -> 0).build();

    assertThatThrownBy(() -> assembler.add(tile))
        .hasMessage("tile 0 has frame 6x3 instead of 5x3")
        .extracting(e -> ((Rejection) e).errorType()).isEqualTo(DeadLetterError.GEOMETRY_MISMATCH);
  }
}
