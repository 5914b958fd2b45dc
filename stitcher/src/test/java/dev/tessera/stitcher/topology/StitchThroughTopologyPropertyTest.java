package dev.tessera.stitcher.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.Mask;
import dev.tessera.records.TileMask;
import dev.tessera.stitcher.IdentityScorer;
import dev.tessera.stitcher.TileThenStitchPropertyTest;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.streams.KeyValue;

/**
 * The tile-then-stitch identity through the whole topology: tiles shuffled and some duplicated,
 * two frames of one acquisition; the masks come back as the frames, in order, and nothing is
 * dead-lettered.
 */
class StitchThroughTopologyPropertyTest {

  @Property(tries = 8)
  void givesBackEveryFrameThroughTheTopology(@ForAll @IntRange(min = 1, max = 60) int width,
      @ForAll @IntRange(min = 1, max = 60) int height, @ForAll @IntRange(min = 1, max = 2) int depth,
      @ForAll @IntRange(min = 0, max = 7) int tileSize, @ForAll long seed) throws IOException {
    UNetGeometry geometry = new UNetGeometry(depth);
    TilePlan plan = TileThenStitchPropertyTest.plan(geometry, width, height, tileSize);
    byte[] first = TileThenStitchPropertyTest.randomFrame(width, height, seed);
    byte[] second = TileThenStitchPropertyTest.randomFrame(width, height, seed + 1);
    Random random = new Random(seed);
    List<TileMask> tiles = new ArrayList<>(IdentityScorer.score("acq", 0, first, geometry, plan));
    tiles.addAll(IdentityScorer.score("acq", 1, second, geometry, plan));
    for (int i = 0, n = tiles.size(); i < n; i++) {
      if (random.nextInt(4) == 0) {
        tiles.add(tiles.get(i));
      }
    }
    Collections.shuffle(tiles, random);

    Path stateDir = Files.createTempDirectory("stitcher-property");
    List<KeyValue<String, Mask>> masks;
    try (StitcherDriver driver = new StitcherDriver(StitcherSettings.defaults(), stateDir)) {
      driver.pipe(tiles);
      masks = driver.masks();
      assertThat(driver.deadLetters()).isEmpty();
    } finally {
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    assertThat(StitcherDriver.frameIndices(masks)).containsExactly(0L, 1L);
    TileThenStitchPropertyTest.assertIsTheFrame(masks.get(0).value, first);
    TileThenStitchPropertyTest.assertIsTheFrame(masks.get(1).value, second);
  }
}
