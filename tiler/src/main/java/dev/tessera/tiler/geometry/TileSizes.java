package dev.tessera.tiler.geometry;

/**
 * Chooses the input tile size for a frame size: among the valid sizes up to a maximum, the one
 * that minimises the input pixels the network computes (DESIGN.md section 3). A 512x512 frame in
 * one 700x700 tile computes 1.87x the frame's pixels, in four 572x572 tiles 4.99x. Ties go to the
 * smaller tile, which needs less memory.
 */
public final class TileSizes {

  private TileSizes() {}

  /**
   * The best plan for a {@code width x height} frame with inputs of at most {@code maxInput}.
   *
   * @throws IllegalArgumentException when no valid input size is at most {@code maxInput}
   */
  public static TilePlan choose(UNetGeometry geometry, int width, int height, int maxInput) {
    int margin = geometry.margin();
    return geometry.validInputsUpTo(maxInput)
        .mapToObj(n -> new TilePlan(width, height, n, margin))
        .reduce((best, next) -> next.computedInputPixels() < best.computedInputPixels() ? next : best)
        .orElseThrow(() -> new IllegalArgumentException("No valid input size of a depth-" + geometry.depth()
            + " U-Net is at most " + maxInput + ": the smallest is " + geometry.minimumInput()));
  }
}
