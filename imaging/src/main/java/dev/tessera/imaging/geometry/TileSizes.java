package dev.tessera.imaging.geometry;

/**
 * Chooses the input tile size for a frame size: among the valid sizes that can tile (at least
 * {@link UNetGeometry#minimumTilingInput()}) up to a maximum, the one that minimises the input
 * pixels the network computes (DESIGN.md section 3). A 512x512 frame in one 700x700 tile computes
 * 1.87x the frame's pixels, in four 572x572 tiles 4.99x. Ties go to the smaller tile, which needs
 * less memory.
 */
public final class TileSizes {

  /**
   * The tiler's default largest input tile side ({@code tessera.tiler.max-input-size}); workers that
   * warm up their tile shapes assume it unless told otherwise.
   */
  public static final int DEFAULT_MAX_INPUT_SIZE = 1084;

  private TileSizes() {}

  /**
   * The best plan for a {@code width x height} frame with inputs of at most {@code maxInput}.
   * Only inputs of at least {@link UNetGeometry#minimumTilingInput()} are candidates: smaller
   * valid inputs have outputs narrower than the pooling grid and cannot tile seamlessly.
   *
   * @throws IllegalArgumentException when no input size that can tile is at most {@code maxInput}
   */
  public static TilePlan choose(UNetGeometry geometry, int width, int height, int maxInput) {
    int smallest = geometry.minimumTilingInput();
    return geometry.validInputsUpTo(maxInput)
        .filter(n -> n >= smallest)
        .mapToObj(n -> TilePlan.of(geometry, width, height, n))
        .reduce((best, next) -> next.computedInputPixels() < best.computedInputPixels() ? next : best)
        .orElseThrow(() -> new IllegalArgumentException("No input size that can tile a frame with a depth-"
            + geometry.depth() + " U-Net is at most " + maxInput + ": the smallest is " + smallest
            + " (minimumTilingInput: the smallest valid input whose output is at least " + geometry.modulus()
            + " pixels wide)"));
  }
}
