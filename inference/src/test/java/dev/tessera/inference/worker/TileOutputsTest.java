package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.inference.TestTiles;
import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.FloatBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TileOutputsTest {

  private static Tile ownedAt(int x, int y, int w, int h) {
    Tile t = TestTiles.tilesOf("acq", 3, 40, 30, new UNetGeometry(1), 24, 1).get(0);
    return Tile.newBuilder(t).setOwned(new Region(100, 200, w, h)).setOwnedOffsetX(x).setOwnedOffsetY(y).build();
  }

  @Test
  void keepsOnlyTheOwnedRegionQuantizedClassMajor() {
    // Batch of 2, 2 classes, 2x3 output; item 1, owned 2x1 at (1, 1).
    float[] out = new float[2 * 2 * 2 * 3];
    int item1 = 2 * 6;
    out[item1 + 4] = 0.5f; // class 0, y 1, x 1
    out[item1 + 5] = 1f; // class 0, y 1, x 2
    out[item1 + 6 + 4] = 0.2f; // class 1, y 1, x 1
    out[item1 + 6 + 5] = 0.0019f; // class 1, y 1, x 2
    out[4] = 0.9f; // item 0: must not leak into item 1

    byte[] q = TileOutputs.ownedProbabilities(FloatBuffer.wrap(out), 1, 2, 2, 3, ownedAt(1, 1, 2, 1));

    assertThat(q).containsExactly((byte) 128, (byte) 255, (byte) 51, (byte) 0);
  }

  @Test
  void theTileMaskCarriesTheTileIdentityAndTheProvenance() {
    Tile tile = ownedAt(0, 0, 1, 1);
    Instant scoredAt = Instant.parse("2026-11-21T10:00:02Z");

    TileMask m = TileOutputs.tileMask(tile, new byte[] {1, 2}, new TileOutputs.ModelInfo("m1", "abc", "cpu", 2), 4,
        1234, 5, 678, scoredAt);

    assertThat(m.getAcquisitionId()).isEqualTo("acq");
    assertThat(m.getFrameIndex()).isEqualTo(3);
    assertThat(m.getTileIndex()).isEqualTo(tile.getTileIndex());
    assertThat(m.getTileCount()).isEqualTo(tile.getTileCount());
    assertThat(m.getOwned()).isEqualTo(new Region(100, 200, 1, 1));
    assertThat(m.getGeometryId()).isEqualTo(tile.getGeometryId());
    assertThat(m.getClassCount()).isEqualTo(2);
    assertThat(m.getModelId()).isEqualTo("m1");
    assertThat(m.getModelSha256()).isEqualTo("abc");
    assertThat(m.getDevice()).isEqualTo("cpu");
    assertThat(m.getBatchSize()).isEqualTo(4);
    assertThat(m.getInferenceMicros()).isEqualTo(1234);
    assertThat(m.getSourcePartition()).isEqualTo(5);
    assertThat(m.getSourceOffset()).isEqualTo(678);
    assertThat(m.getCapturedAt()).isEqualTo(TestTiles.CAPTURED);
    assertThat(m.getTiledAt()).isEqualTo(TestTiles.TILED);
    assertThat(m.getScoredAt()).isEqualTo(scoredAt);
  }
}
