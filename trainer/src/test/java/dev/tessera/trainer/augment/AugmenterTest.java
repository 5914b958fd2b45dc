package dev.tessera.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tessera.imaging.geometry.Mirror;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmenterTest {

  private static final UNetGeometry GEOMETRY = new UNetGeometry(2);
  private static final int N = GEOMETRY.minimumInput() + GEOMETRY.modulus();

  private static TrainingImage image(int w, int h) {
    float[] img = new float[w * h];
    int[] classes = new int[w * h];
    float[] weights = new float[w * h];
    for (int i = 0; i < img.length; i++) {
      img[i] = (float) Math.sin(i * 0.37) + i * 0.001f;
      classes[i] = (i * 7 / 5) % 3;
      weights[i] = 1 + (i % 11) * 0.5f;
    }
    return new TrainingImage("test", w, h, img, classes, weights);
  }

  @Test
  void zeroDisplacementWithoutTurnsIsTheTilersMirroredCut() {
    TrainingImage img = image(37, 29);
    Augmenter a = new Augmenter(AugmentSpec.NONE, GEOMETRY, N);
    int m = GEOMETRY.margin();
    int o = a.outputSize();
    for (int[] origin : new int[][] {{0, 0}, {5, 3}, {37 - o, 29 - o}}) {
      Augmenter.Sample s = a.sample(img, origin[0], origin[1], 0, false, ElasticField.zero(N), 1, 0);
      assertThat(s.input()).containsExactly(Mirror.cut(img.image(), 37, 29, origin[0] - m, origin[1] - m, N, N));
      for (int v = 0; v < o; v++) {
        for (int u = 0; u < o; u++) {
          int src = Mirror.reflect(origin[1] + v, 29) * 37 + Mirror.reflect(origin[0] + u, 37);
          assertThat(s.classes()[v * o + u]).isEqualTo(img.classes()[src]);
          assertThat(s.weights()[v * o + u]).isEqualTo(img.weights()[src]);
        }
      }
    }
  }

  @Test
  void aHalfTurnReversesTheTile() {
    TrainingImage img = image(40, 40);
    Augmenter a = new Augmenter(AugmentSpec.NONE, GEOMETRY, N);
    float[] straight = a.sample(img, 4, 6, 0, false, ElasticField.zero(N), 1, 0).input();
    float[] turned = a.sample(img, 4, 6, 2, false, ElasticField.zero(N), 1, 0).input();
    for (int i = 0; i < straight.length; i++) {
      assertThat(turned[i]).isEqualTo(straight[straight.length - 1 - i]);
    }
  }

  @Test
  void aQuarterTurnRotatesPixelsOntoPixels() {
    TrainingImage img = image(40, 40);
    Augmenter a = new Augmenter(AugmentSpec.NONE, GEOMETRY, N);
    float[] straight = a.sample(img, 4, 6, 0, false, ElasticField.zero(N), 1, 0).input();
    float[] turned = a.sample(img, 4, 6, 1, false, ElasticField.zero(N), 1, 0).input();
    // tile (u, v) reads the straight tile at (c - (v - c), c + (u - c)) = (N-1-v, u)
    for (int v = 0; v < N; v++) {
      for (int u = 0; u < N; u++) {
        assertThat(turned[v * N + u]).isEqualTo(straight[u * N + (N - 1 - v)]);
      }
    }
  }

  @Test
  void augmentedLabelsAndWeightsStayInTheirValueSets() {
    TrainingImage img = image(50, 45);
    Set<Integer> classSet = new HashSet<>();
    Set<Float> weightSet = new HashSet<>();
    for (int i = 0; i < img.classes().length; i++) {
      classSet.add(img.classes()[i]);
      weightSet.add(img.weights()[i]);
    }
    Augmenter a = new Augmenter(AugmentSpec.PAPER, GEOMETRY, N);
    SplittableRandom random = new SplittableRandom(7);
    for (int k = 0; k < 20; k++) {
      Augmenter.Sample s = a.sample(img, random);
      for (int c : s.classes()) {
        assertThat(classSet).contains(c);
      }
      for (float w : s.weights()) {
        assertThat(weightSet).contains(w);
      }
    }
  }

  @Test
  void theSameSeedDrawsTheSameTile() {
    TrainingImage img = image(50, 45);
    Augmenter a = new Augmenter(AugmentSpec.PAPER, GEOMETRY, N);
    Augmenter.Sample s1 = a.sample(img, new SplittableRandom(3));
    Augmenter.Sample s2 = a.sample(img, new SplittableRandom(3));
    assertThat(s1.input()).containsExactly(s2.input());
    assertThat(s1.classes()).containsExactly(s2.classes());
  }

  @Test
  void theElasticFieldPassesThroughItsGridVectorsAndIsZeroForAZeroGrid() {
    double[][] gx = {{1, -2, 3}, {0, 5, -1}, {2, 2, -4}};
    double[][] gy = {{-3, 0, 1}, {4, -2, 0}, {1, 1, 1}};
    int size = 41; // grid points at pixels 0, 20, 40
    ElasticField f = ElasticField.fromGrid(size, gx, gy);
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 3; i++) {
        assertThat(f.dx(20 * i, 20 * j)).isCloseTo((float) gx[j][i], within(1e-5f));
        assertThat(f.dy(20 * i, 20 * j)).isCloseTo((float) gy[j][i], within(1e-5f));
      }
    }
    ElasticField zero = ElasticField.fromGrid(size, new double[3][3], new double[3][3]);
    for (int v = 0; v < size; v++) {
      for (int u = 0; u < size; u++) {
        assertThat(zero.dx(u, v)).isZero();
        assertThat(zero.dy(u, v)).isZero();
      }
    }
  }

  @Test
  void aConstantGridDisplacesEveryPixelByTheSameVector() {
    double[][] g = {{2.5, 2.5, 2.5}, {2.5, 2.5, 2.5}, {2.5, 2.5, 2.5}};
    ElasticField f = ElasticField.fromGrid(30, g, g);
    for (int v = 0; v < 30; v++) {
      for (int u = 0; u < 30; u++) {
        assertThat(f.dx(u, v)).isCloseTo(2.5f, within(1e-5f));
      }
    }
  }
}
