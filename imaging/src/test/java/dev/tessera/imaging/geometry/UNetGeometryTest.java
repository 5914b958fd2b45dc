package dev.tessera.imaging.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UNetGeometryTest {

  @ParameterizedTest(name = "depth {0}: margin {1}, inputs {2} + k*{3}")
  @CsvSource({
      // depth, margin (6*2^d - 4), smallest input, modulus, output of the smallest input
      "1, 8, 18, 2, 2",
      "2, 20, 44, 4, 4",
      "3, 44, 92, 8, 4",
      "4, 92, 188, 16, 4",
      "5, 188, 380, 32, 4"})
  void derivesMarginAndValidSizesFromTheArchitecture(int depth, int margin, int minimum, int modulus, int minOutput) {
    UNetGeometry g = new UNetGeometry(depth);

    assertThat(g.margin()).isEqualTo(margin).isEqualTo(6 * (1 << depth) - 4);
    assertThat(g.minimumInput()).isEqualTo(minimum);
    assertThat(g.modulus()).isEqualTo(modulus);
    assertThat(g.outputSize(minimum)).isEqualTo(minOutput);
  }

  @ParameterizedTest(name = "depth {0}: tiles from input {1} (output {2})")
  @CsvSource({
      // depth, smallest input that can tile, its output, the smallest input's output, alignment.
      // Valid inputs are 2^d*(z+4) + 4*(2^d - 1) with outputs 2^d*(z-4) + 4 (z >= 4; z = 3 too at
      // depth 1); the first output of at least 2^d is at z = 3 (d = 1), z = 4 (d = 2), z = 5 (d >= 3).
      "1, 18, 2, 2, 2",
      "2, 44, 4, 4, 4",
      "3, 100, 12, 4, 8",
      "4, 204, 20, 4, 16",
      "5, 412, 36, 4, 32"})
  void tilesFromTheSmallestInputWhoseOutputSpansOneAlignmentStep(int depth, int minimumTiling, int output,
      int smallestOutput, int alignment) {
    UNetGeometry g = new UNetGeometry(depth);

    assertThat(g.minimumTilingInput()).isEqualTo(minimumTiling);
    assertThat(g.outputSize(minimumTiling)).isEqualTo(output).isGreaterThanOrEqualTo(alignment);
    assertThat(g.outputSize(g.minimumInput())).isEqualTo(smallestOutput);
    if (minimumTiling > g.minimumInput()) {
      assertThat(g.outputSize(minimumTiling - g.modulus())).isLessThan(alignment);
    }
  }

  @ParameterizedTest(name = "depth {0}")
  @CsvSource({"1", "2", "3", "4", "5"})
  void acceptsExactlyTheSmallestInputPlusMultiplesOfTheModulus(int depth) {
    UNetGeometry g = new UNetGeometry(depth);
    int min = g.minimumInput();

    for (int n = 1; n < min + 20 * g.modulus(); n++) {
      boolean expected = n >= min && (n - min) % g.modulus() == 0;
      assertThat(g.isValidInput(n)).as("input %d", n).isEqualTo(expected);
      if (expected) {
        assertThat(g.outputSize(n)).as("output of %d", n).isEqualTo(n - 2 * g.margin());
      } else {
        assertThat(g.outputSize(n)).as("output of %d", n).isEqualTo(-1);
      }
    }
  }

  @Test
  void givesThePapersSizesAtDepthFour() {
    UNetGeometry g = new UNetGeometry(4);

    assertThat(g.outputSize(572)).isEqualTo(388);
    assertThat(g.outputSize(700)).isEqualTo(516);
    assertThat(g.isValidInput(573)).isFalse();
    assertThat(g.validInputsUpTo(236).toArray()).containsExactly(188, 204, 220, 236);
    assertThat(g.largestValidInputAtMost(700)).isEqualTo(700);
    assertThat(g.largestValidInputAtMost(699)).isEqualTo(684);
    assertThat(g.largestValidInputAtMost(187)).isEqualTo(-1);
    assertThat(g.geometryId(572)).isEqualTo("unet-d4/in572/m92");
  }

  @Test
  void namesTheNearestValidSizesWhenAnInputIsInvalid() {
    UNetGeometry g = new UNetGeometry(4);

    assertThatThrownBy(() -> g.requireOutputSize(575))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Input size 575 is not valid for a depth-4 U-Net: valid sizes are 188 + k*16"
            + " (nearest: 572 or 588)");
    assertThatThrownBy(() -> g.requireOutputSize(100))
        .hasMessageContaining("(nearest: 188)");
  }

  @Test
  void refusesDepthsOutsideOneToTen() {
    assertThatThrownBy(() -> new UNetGeometry(0)).hasMessageContaining("between 1 and 10, was 0");
    assertThatThrownBy(() -> new UNetGeometry(11)).hasMessageContaining("was 11");
    assertThat(IntStream.rangeClosed(1, 10).map(d -> new UNetGeometry(d).margin()).toArray())
        .containsExactly(8, 20, 44, 92, 188, 380, 764, 1532, 3068, 6140);
  }
}
