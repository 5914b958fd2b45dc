package dev.tessera.imaging.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.testing.TestFrames;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The tile geometry's invariants (DESIGN.md section 3) on random frames, including frames of one
 * pixel, frames narrower than the margin and sizes that are not multiples of the output or the
 * stride, for every input size that can tile ({@link UNetGeometry#minimumTilingInput()} and up).
 */
class GeometryPropertiesTest {

  /** A frame size, a geometry and one of its input sizes that can tile. */
  record Case(int width, int height, UNetGeometry geometry, int inputSize) {
    TilePlan plan() {
      return TilePlan.of(geometry, width, height, inputSize);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 300),
            Arbitraries.integers().between(1, 300),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(0, 6))
        .as((w, h, depth, k) -> {
          UNetGeometry g = new UNetGeometry(depth);
          return new Case(w, h, g, g.minimumTilingInput() + k * g.modulus());
        })
        .edgeCases(edges -> edges
            .add(new Case(1, 1, new UNetGeometry(1), 18))
            .add(new Case(17, 1, new UNetGeometry(4), 204))
            .add(new Case(300, 300, new UNetGeometry(3), 100)));
  }

  @Property(tries = 300)
  void ownedRegionsPartitionTheFrame(@ForAll("cases") Case c) {
    TilePlan plan = c.plan();
    int[] owners = new int[c.width() * c.height()];

    for (TilePlacement t : plan.tiles()) {
      Rect o = t.owned();
      assertThat(o.width()).isPositive();
      assertThat(o.height()).isPositive();
      for (int y = o.y(); y < o.y() + o.height(); y++) {
        for (int x = o.x(); x < o.x() + o.width(); x++) {
          owners[y * c.width() + x]++;
        }
      }
    }

    assertThat(owners).containsOnly(1);
  }

  @Property(tries = 300)
  void everyOwnedPixelLiesInsideItsTilesOutput(@ForAll("cases") Case c) {
    TilePlan plan = c.plan();
    int m = c.geometry().margin();
    int o = plan.outputSize();

    for (TilePlacement t : plan.tiles()) {
      assertThat(t.ownedOffsetX()).isBetween(0, o - t.owned().width());
      assertThat(t.ownedOffsetY()).isBetween(0, o - t.owned().height());
      // The output starts m pixels into the input.
      assertThat(t.inputX() + m + t.ownedOffsetX()).isEqualTo(t.owned().x());
      assertThat(t.inputY() + m + t.ownedOffsetY()).isEqualTo(t.owned().y());
      assertThat(t.index()).isEqualTo(t.row() * plan.columns() + t.column());
    }
  }

  @Property(tries = 300)
  void everyTilesOutputStartsOnThePoolingGridAtItsOwnedRegion(@ForAll("cases") Case c) {
    TilePlan plan = c.plan();
    int m = c.geometry().margin();
    int alignment = 1 << c.geometry().depth();

    assertThat(plan.alignment()).isEqualTo(alignment);
    assertThat(plan.stride() % alignment).isZero();
    assertThat(plan.stride()).isBetween(plan.outputSize() - alignment + 1, plan.outputSize());
    for (TilePlacement t : plan.tiles()) {
      // Shifting a valid U-Net's input by a multiple of 2^depth shifts its output by the same:
      // only then does a tile compute what one pass over the whole mirrored frame computes there.
      assertThat(Math.floorMod(t.inputX() + m, alignment)).as("tile %d x", t.index()).isZero();
      assertThat(Math.floorMod(t.inputY() + m, alignment)).as("tile %d y", t.index()).isZero();
      assertThat(t.inputX() + m).isEqualTo(t.column() * plan.stride()).isEqualTo(t.owned().x());
      assertThat(t.inputY() + m).isEqualTo(t.row() * plan.stride()).isEqualTo(t.owned().y());
      assertThat(t.ownedOffsetX()).isZero();
      assertThat(t.ownedOffsetY()).isZero();
    }
  }

  @Property(tries = 1000)
  void reflectionMatchesNumpysReflectDefinition(
      @ForAll @IntRange(min = -5000, max = 5000) int i, @ForAll @IntRange(min = 1, max = 300) int size) {
    assertThat(Mirror.reflect(i, size)).isEqualTo(TestFrames.numpyReflect(i, size));
  }

  @Property(tries = 300)
  void mirroredTilePixelsEqualTheirReflectedFramePixels(@ForAll("cases") Case c,
      @ForAll @IntRange(min = 1, max = 4) int bytesPerPixel, @ForAll long seed) {
    byte[] frame = randomFrame(c, bytesPerPixel, seed);

    for (TilePlacement t : c.plan().tiles()) {
      int n = t.inputSize();
      byte[] tile = Mirror.cut(frame, c.width(), c.height(), bytesPerPixel, t.inputX(), t.inputY(), n);
      assertThat(tile).hasSize(n * n * bytesPerPixel);
      for (int r = 0; r < n; r++) {
        int sy = TestFrames.numpyReflect(t.inputY() + r, c.height());
        for (int col = 0; col < n; col++) {
          int sx = TestFrames.numpyReflect(t.inputX() + col, c.width());
          for (int b = 0; b < bytesPerPixel; b++) {
            byte expected = frame[(sy * c.width() + sx) * bytesPerPixel + b];
            if (tile[(r * n + col) * bytesPerPixel + b] != expected) {
              throw new AssertionError("tile " + t.index() + " pixel (" + col + "," + r + ") byte " + b
                  + " should come from frame (" + sx + "," + sy + ")");
            }
          }
        }
      }
    }
  }

  @Property(tries = 300)
  void copyingEachTilesOwnedCentreBackReassemblesTheFrame(@ForAll("cases") Case c,
      @ForAll @IntRange(min = 1, max = 4) int bytesPerPixel, @ForAll long seed) {
    byte[] frame = randomFrame(c, bytesPerPixel, seed);
    byte[] rebuilt = new byte[frame.length];
    int m = c.geometry().margin();

    for (TilePlacement t : c.plan().tiles()) {
      int n = t.inputSize();
      byte[] tile = Mirror.cut(frame, c.width(), c.height(), bytesPerPixel, t.inputX(), t.inputY(), n);
      Rect o = t.owned();
      for (int y = 0; y < o.height(); y++) {
        int from = ((m + t.ownedOffsetY() + y) * n + m + t.ownedOffsetX()) * bytesPerPixel;
        int to = ((o.y() + y) * c.width() + o.x()) * bytesPerPixel;
        System.arraycopy(tile, from, rebuilt, to, o.width() * bytesPerPixel);
      }
    }

    assertThat(rebuilt).isEqualTo(frame);
  }

  @Property(tries = 300)
  void theChosenTileSizeComputesNoMorePixelsThanAnyOtherAndTiesGoToTheSmaller(
      @ForAll @IntRange(min = 1, max = 3000) int width, @ForAll @IntRange(min = 1, max = 3000) int height,
      @ForAll @IntRange(min = 1, max = 5) int depth, @ForAll @IntRange(min = 0, max = 40) int extraSizes) {
    UNetGeometry g = new UNetGeometry(depth);
    int maxInput = g.minimumTilingInput() + extraSizes * g.modulus() + extraSizes % g.modulus();

    TilePlan chosen = TileSizes.choose(g, width, height, maxInput);

    assertThat(chosen.inputSize()).isLessThanOrEqualTo(maxInput).isGreaterThanOrEqualTo(g.minimumTilingInput());
    assertThat(g.isValidInput(chosen.inputSize())).isTrue();
    g.validInputsUpTo(maxInput).filter(n -> n >= g.minimumTilingInput()).forEach(n -> {
      long other = TilePlan.of(g, width, height, n).computedInputPixels();
      assertThat(chosen.computedInputPixels()).as("input %d", n).isLessThanOrEqualTo(other);
      if (other == chosen.computedInputPixels()) {
        assertThat(chosen.inputSize()).as("tie with %d", n).isLessThanOrEqualTo(n);
      }
    });
  }

  private static byte[] randomFrame(Case c, int bytesPerPixel, long seed) {
    byte[] frame = new byte[c.width() * c.height() * bytesPerPixel];
    new Random(seed).nextBytes(frame);
    return frame;
  }
}
