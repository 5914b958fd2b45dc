package dev.tessera.trainer.augment;

import java.util.Locale;

/**
 * Which augmentations training draws for every tile (DESIGN.md section 7).
 *
 * @param elasticStd standard deviation in pixels of the coarse-grid displacements (the paper:
 *     10); 0 turns elastic deformation off
 * @param elasticGrid side of the coarse displacement grid (the paper: 3)
 * @param shift whether the tile's position in the image is random (else the image's top left)
 * @param rotate whether tiles are rotated by a random multiple of 90 degrees
 * @param flip whether tiles are mirrored horizontally with probability one half
 * @param greyScale grey values are multiplied by a factor drawn from [1 - greyScale, 1 + greyScale]
 * @param greyOffset and shifted by an offset from [-greyOffset, greyOffset] (normalized units)
 */
public record AugmentSpec(double elasticStd, int elasticGrid, boolean shift, boolean rotate, boolean flip,
    double greyScale, double greyOffset) {

  /** The paper's augmentation. */
  public static final AugmentSpec PAPER = new AugmentSpec(10, 3, true, true, true, 0.1, 0.1);

  /** No augmentation at all: tiles cut at the image's top left, as they are. */
  public static final AugmentSpec NONE = new AugmentSpec(0, 3, false, false, false, 0, 0);

  public AugmentSpec {
    if (!(elasticStd >= 0) || elasticGrid < 2) {
      throw new IllegalArgumentException("elastic deformation needs std >= 0 and a grid of at least 2, got std "
          + elasticStd + ", grid " + elasticGrid);
    }
    if (!(greyScale >= 0 && greyScale < 1) || !(greyOffset >= 0)) {
      throw new IllegalArgumentException("grey-value variation needs 0 <= scale < 1 and offset >= 0, got "
          + greyScale + ", " + greyOffset);
    }
  }

  /** Text form for run configs. */
  public String describe() {
    return String.format(Locale.ROOT, "elastic=%s/%dx%d,shift=%s,rotate=%s,flip=%s,grey=x%s+-%s", elasticStd,
        elasticGrid, elasticGrid, shift, rotate, flip, greyScale, greyOffset);
  }
}
