package dev.tessera.trainer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tessera.imaging.geometry.UNetGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UNetTest {

  @ParameterizedTest(name = "depth {0}")
  @CsvSource({"1", "2", "3", "4", "5"})
  void outputShapesEqualTheGeometryForSeveralInputSizes(int depth) {
    UNetGeometry g = new UNetGeometry(depth);
    int min = g.minimumInput();
    int[][] sizes = {{min, min}, {min + g.modulus(), min}, {min + 2 * g.modulus(), min + 3 * g.modulus()}};
    UNet net = new UNet(new UNetSpec(depth, 2, 3, 0.5f));
    try (NDManager manager = NDManager.newBaseManager()) {
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, min, min));
      ParameterStore ps = new ParameterStore(manager, false);
      for (int[] hw : sizes) {
        NDArray x = manager.randomNormal(new Shape(2, 1, hw[0], hw[1]));
        NDList out = net.forward(ps, new NDList(x), false);
        assertThat(out.singletonOrThrow().getShape())
            .isEqualTo(new Shape(2, 3, g.outputSize(hw[0]), g.outputSize(hw[1])));
        assertThat(net.getOutputShapes(new Shape[] {x.getShape()})[0]).isEqualTo(out.singletonOrThrow().getShape());
      }
    }
  }

  @Test
  void theGeometryOfDepthFourIsThePapers() {
    UNetGeometry g = UNetSpec.PAPER.geometry();
    assertThat(g.margin()).isEqualTo(92);
    assertThat(g.outputSize(572)).isEqualTo(388);
  }

  @Test
  void theWidth64NetworkHasThePapersParameterCount() {
    assertThat(UNetSpec.PAPER.parameterCount()).isEqualTo(31_030_658L);
    assertThat(new UNet(UNetSpec.PAPER).parameterCount()).isEqualTo(31_030_658L);
    assertThat(new UNet(UNetSpec.PAPER).getParameters().size()).isEqualTo(2 * 23);
  }

  @Test
  void smallerNetworksCountTheirParametersLikeTheBlock() {
    for (int depth = 1; depth <= 5; depth++) {
      for (int width : new int[] {1, 4, 16}) {
        UNetSpec spec = new UNetSpec(depth, width, 2, 0f);
        assertThat(new UNet(spec).parameterCount()).as(spec.id()).isEqualTo(spec.parameterCount());
      }
    }
  }

  @Test
  void anInvalidInputSizeIsRefusedNamingTheValidOnes() {
    UNet net = new UNet(UNetSpec.of(2, 2));
    assertThatThrownBy(() -> net.getOutputShapes(new Shape[] {new Shape(1, 1, 50, 50)}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid");
  }

  @Test
  void theUpConvolutionIsATwoByTwoStrideTwoTransposedConvolution() {
    // depth 1 width 1: input 1 channel; check the up-convolution against the transposed-convolution
    // formula out[c, 2h+dy, 2w+dx] = sum_i Wt[i, c, dy, dx] x[i, h, w] + b[c], computed here by hand.
    int cIn = 3;
    int cOut = 2;
    float[] w1 = new float[4 * cOut * cIn];
    for (int k = 0; k < w1.length; k++) {
      w1[k] = (k * 7 % 11) - 5;
    }
    float[] wt = UNet.upConvTransposeWeight(w1, cIn, cOut);
    // the 1x1 layout maps channel 4c + 2dy + dx; check a few entries of the re-laid weights
    for (int i = 0; i < cIn; i++) {
      for (int c = 0; c < cOut; c++) {
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            assertThat(wt[((i * cOut + c) * 2 + dy) * 2 + dx]).isEqualTo(w1[(4 * c + 2 * dy + dx) * cIn + i]);
          }
        }
      }
    }
  }
}
