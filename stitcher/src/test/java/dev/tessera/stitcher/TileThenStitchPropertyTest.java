package dev.tessera.stitcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.Mask;
import dev.tessera.records.TileMask;
import dev.tessera.stitcher.assembly.FrameStitcher;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Tile, score with an identity-like stand-in, stitch: the frame comes back exactly. */
public class TileThenStitchPropertyTest {

  /** A random uint8 frame of {@code width x height}. */
  public static byte[] randomFrame(int width, int height, long seed) {
    byte[] frame = new byte[width * height];
    new Random(seed).nextBytes(frame);
    return frame;
  }

  /** An input size {@code geometry} can tile with: the {@code k}-th one, up to the 8th. */
  public static TilePlan plan(UNetGeometry geometry, int width, int height, int k) {
    int input = geometry.minimumTilingInput() + (k % 8) * geometry.modulus();
    return TilePlan.of(geometry, width, height, input);
  }

  /** The mask the identity stand-in must produce: the frame as foreground, class 1 where it is 128 or more. */
  public static void assertIsTheFrame(Mask mask, byte[] frame) {
    byte[] labels = new byte[frame.length];
    for (int i = 0; i < frame.length; i++) {
      labels[i] = (byte) ((frame[i] & 0xFF) >= 128 ? 1 : 0);
    }
    assertThat(mask.getForeground()).isEqualTo(ByteBuffer.wrap(frame));
    assertThat(mask.getClassLabels()).isEqualTo(ByteBuffer.wrap(labels));
  }

  @Property(tries = 300)
  void givesBackTheFrameForEveryFrameAndTileSize(@ForAll @IntRange(min = 1, max = 90) int width,
      @ForAll @IntRange(min = 1, max = 90) int height, @ForAll @IntRange(min = 1, max = 3) int depth,
      @ForAll @IntRange(min = 0, max = 7) int tileSize, @ForAll long seed) {
    UNetGeometry geometry = new UNetGeometry(depth);
    TilePlan plan = plan(geometry, width, height, tileSize);
    byte[] frame = randomFrame(width, height, seed);

    List<TileMask> tiles = IdentityScorer.score("acq", 0, frame, geometry, plan);
    Mask mask = new FrameStitcher(1, InstanceOptions.defaults()).stitch(tiles, 0).mask();

    assertIsTheFrame(mask, frame);
    assertThat(mask.getTileCount()).isEqualTo(plan.tileCount());
  }
}
