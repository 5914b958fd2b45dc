package dev.tessera.stitcher;

import dev.tessera.records.Region;
import dev.tessera.records.TileMask;
import dev.tessera.imaging.geometry.Mirror;
import dev.tessera.imaging.geometry.Rect;
import dev.tessera.imaging.geometry.TilePlacement;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An identity-like stand-in for the network: it cuts each tile's mirrored input from a uint8
 * frame exactly as the tiler does, "scores" it by cropping the margin (the output pixel at
 * {@code (ox, oy)} is the input pixel at {@code (ox + m, oy + m)}), and reports that value as the
 * foreground probability level of the owned region. Stitching its tile masks must give the frame
 * back, pixel for pixel.
 */
public final class IdentityScorer {

  private IdentityScorer() {}

  /** The tile masks of a uint8 {@code frame} for {@code plan}, in tile order. */
  public static List<TileMask> score(String acq, long frameIndex, byte[] frame, UNetGeometry geometry, TilePlan plan) {
    int w = plan.frameWidth();
    int h = plan.frameHeight();
    int m = plan.margin();
    int o = plan.outputSize();
    List<TileMask> tiles = new ArrayList<>();
    for (TilePlacement t : plan.tiles()) {
      byte[] input = Mirror.cut(frame, w, h, 1, t.inputX(), t.inputY(), t.inputSize());
      byte[] output = new byte[o * o];
      for (int oy = 0; oy < o; oy++) {
        for (int ox = 0; ox < o; ox++) {
          output[oy * o + ox] = input[(oy + m) * t.inputSize() + ox + m];
        }
      }
      Rect owned = t.owned();
      byte[] p = new byte[2 * owned.area()];
      for (int r = 0; r < owned.height(); r++) {
        for (int c = 0; c < owned.width(); c++) {
          byte v = output[(t.ownedOffsetY() + r) * o + t.ownedOffsetX() + c];
          p[r * owned.width() + c] = (byte) (255 - (v & 0xFF));
          p[owned.area() + r * owned.width() + c] = v;
        }
      }
      tiles.add(TileMaskFixtures.tile(acq, frameIndex, geometry, plan, t.index(), 2, (cls, x, y) -> 0)
          .setOwned(new Region(owned.x(), owned.y(), owned.width(), owned.height()))
          .setProbabilities(ByteBuffer.wrap(p))
          .build());
    }
    return tiles;
  }
}
