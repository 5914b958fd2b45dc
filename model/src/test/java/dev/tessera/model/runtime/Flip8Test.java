package dev.tessera.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tessera.model.testing.TestModels;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Flip8Test {

  @Test
  void theEightOrientationsAreDistinctPermutationsAndZeroIsTheIdentity() {
    int w = 3;
    int h = 2;
    Set<String> seen = new HashSet<>();
    for (int t = 0; t < Flip8.ORIENTATIONS; t++) {
      Flip8.Orientation o = new Flip8.Orientation(t, w, h);
      int[] order = new int[w * h];
      Set<Integer> hit = new HashSet<>();
      for (int v = 0; v < o.height(); v++) {
        for (int u = 0; u < o.width(); u++) {
          order[v * o.width() + u] = o.source(u, v);
          hit.add(o.source(u, v));
        }
      }
      assertThat(hit).as("orientation %d visits every pixel once", t).hasSize(w * h);
      seen.add(java.util.Arrays.toString(order) + "/" + o.width());
    }
    assertThat(seen).hasSize(Flip8.ORIENTATIONS);
    Flip8.Orientation identity = new Flip8.Orientation(0, w, h);
    assertThat(identity.source(2, 1)).isEqualTo(5);
  }

  @Test
  void theAveragedPredictionOfATurnedFrameIsTheTurnedPrediction() {
    int w = 45;
    int h = 29;
    try (UNetModel model = TestModels.load(2, 2, 2, 11)) {
      float[] frame = TestModels.randomFloats(w * h, 5);
      float[] plain = Flip8.tiled(model, frame, w, h, 132);
      for (int t : new int[] {1, 6}) {
        Flip8.Orientation o = new Flip8.Orientation(t, w, h);
        float[] turnedFrame = new float[w * h];
        for (int v = 0; v < o.height(); v++) {
          for (int u = 0; u < o.width(); u++) {
            turnedFrame[v * o.width() + u] = frame[o.source(u, v)];
          }
        }
        float[] turned = Flip8.tiled(model, turnedFrame, o.width(), o.height(), 132);
        for (int c = 0; c < 2; c++) {
          for (int v = 0; v < o.height(); v++) {
            for (int u = 0; u < o.width(); u++) {
              assertThat(turned[c * w * h + v * o.width() + u])
                  .isCloseTo(plain[c * w * h + o.source(u, v)], within(1e-6f));
            }
          }
        }
      }
      float[] single = FrameInference.tiled(model, frame, w, h, 132);
      assertThat(plain).as("the average is not a single orientation's prediction").isNotEqualTo(single);
    }
  }
}
