package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.inference.TestTiles;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.model.testing.TestModels;
import dev.tessera.records.Tile;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileScorerTest {

  @Test
  void aShortBatchPaddedToTheBatchSizeGivesEachTileTheSameBytesAsRunningItAlone() {
    try (UNetModel model = TestModels.load(2, 2, 2, 11)) {
      List<Tile> tiles = TestTiles.tilesOf("acq", 0, 90, 70, model.geometry(), 60, 5);
      assertThat(tiles).hasSizeGreaterThan(2);
      TileScorer alone = new TileScorer(model);
      TileScorer padded = new TileScorer(model, 4);

      TileScorer.Scored two = padded.score(tiles.subList(0, 2));

      assertThat(two.probabilities()).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(two.probabilities().get(i)).isEqualTo(alone.score(List.of(tiles.get(i))).probabilities().get(0));
      }
    }
  }
}
