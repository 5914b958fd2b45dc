package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.inference.TestTiles;
import dev.tessera.model.runtime.Flip8;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.model.testing.TestModels;
import dev.tessera.records.Tile;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileScorerTest {

  @Test
  void aShortBatchPaddedToTheBatchSizeGivesEachTileTheSameBytesAsRunningItAlone() {
    try (UNetModel model = TestModels.load(2, 2, 2, 11)) {
      List<Tile> tiles = TestTiles.tilesOf("acq", 0, 90, 70, model.geometry(), 60, 5);
      assertThat(tiles).hasSizeGreaterThan(2);
      TileScorer alone = new TileScorer(model);
      TileScorer padded = new TileScorer(model, 4, Tta.NONE);

      TileScorer.Scored two = padded.score(tiles.subList(0, 2));

      assertThat(two.probabilities()).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(two.probabilities().get(i)).isEqualTo(alone.score(List.of(tiles.get(i))).probabilities().get(0));
      }
    }
  }

  @Test
  void flip8AveragesEachTilesEightOrientedPredictionsTurnedBack() {
    try (UNetModel model = TestModels.load(2, 2, 2, 11)) {
      List<Tile> tiles = TestTiles.tilesOf("acq", 0, 90, 70, model.geometry(), 60, 5);
      TileScorer flip8 = new TileScorer(model, 0, Tta.FLIP8);

      TileScorer.Scored batch = flip8.score(tiles.subList(0, 3));

      for (int i = 0; i < 3; i++) {
        Tile tile = tiles.get(i);
        assertThat(batch.probabilities().get(i)).as("tile %d", i).isEqualTo(oneByOne(model, tile));
        assertThat(batch.probabilities().get(i)).as("tile %d differs from the plain prediction", i)
            .isNotEqualTo(new TileScorer(model).score(List.of(tile)).probabilities().get(0));
      }
    }
  }

  /** The same mean, computed the plain way: each orientation run alone on arrays, turned back by index. */
  private static byte[] oneByOne(UNetModel model, Tile tile) {
    int w = tile.getInputWidth();
    int h = tile.getInputHeight();
    int outW = model.outputSize(w);
    int outH = model.outputSize(h);
    int classes = model.classCount();
    float[] input = TileInputs.normalized(tile);
    float[] sum = new float[classes * outW * outH];
    for (int t = 0; t < Flip8.ORIENTATIONS; t++) {
      Flip8.Orientation in = new Flip8.Orientation(t, w, h);
      float[] turned = new float[w * h];
      for (int v = 0; v < in.height(); v++) {
        for (int u = 0; u < in.width(); u++) {
          turned[v * in.width() + u] = input[in.source(u, v)];
        }
      }
      float[] out = model.run(1, in.height(), in.width(), b -> b.put(0, turned), b -> {
        float[] a = new float[classes * outW * outH];
        b.get(0, a);
        return a;
      });
      Flip8.Orientation back = new Flip8.Orientation(t, outW, outH);
      for (int c = 0; c < classes; c++) {
        for (int v = 0; v < back.height(); v++) {
          for (int u = 0; u < back.width(); u++) {
            sum[c * outW * outH + back.source(u, v)] += out[c * outW * outH + v * back.width() + u];
          }
        }
      }
    }
    for (int k = 0; k < sum.length; k++) {
      sum[k] /= Flip8.ORIENTATIONS;
    }
    return TileOutputs.ownedProbabilities(FloatBuffer.wrap(sum), 0, classes, outH, outW, tile);
  }
}
