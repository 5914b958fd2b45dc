package dev.tessera.imaging.geometry;

import java.util.ArrayList;
import java.util.List;

/**
 * The overlap-tile grid of one frame for one input size (DESIGN.md section 3, corrected for
 * seamlessness). A valid U-Net's output is shift-equivariant only for shifts that are multiples
 * of {@code 2^depth} (every pooling halves the grid), so tile outputs start on that grid: with
 * output size {@code o = n - 2m} the tiles advance by the stride {@code s = o} rounded down to a
 * multiple of {@code 2^depth}. Tile {@code c} owns columns {@code [c*s, min((c+1)*s, W))}, its
 * output starts at {@code c*s} (the owned region sits at offset 0 of the network output) and its
 * input spans {@code [c*s - m, c*s + o + m)}, mirrored where it leaves the frame. The last tile is
 * not pulled back inside the frame, which would put it off the grid: it reaches into the mirror
 * instead. Then stitched tiles equal one-shot inference on the mirrored whole frame exactly.
 *
 * <p>For depth 4 (m = 92, alignment 16) a 572 input gives 388 outputs of which 384 are owned; a
 * 512x512 frame fits one 700 tile (owned 512).
 *
 * @param frameWidth frame columns
 * @param frameHeight frame rows
 * @param inputSize network input side n
 * @param margin pixels lost per side m
 * @param alignment tile outputs start on multiples of this ({@code 2^depth})
 */
public record TilePlan(int frameWidth, int frameHeight, int inputSize, int margin, int alignment) {

  public TilePlan {
    if (frameWidth < 1 || frameHeight < 1) {
      throw new IllegalArgumentException("frame size " + frameWidth + "x" + frameHeight + " is not positive");
    }
    if (alignment < 1) {
      throw new IllegalArgumentException("alignment " + alignment + " is not positive");
    }
    if (inputSize - 2 * margin < alignment) {
      throw new IllegalArgumentException("input size " + inputSize + " leaves " + (inputSize - 2 * margin)
          + " output pixels with margin " + margin + ", fewer than the alignment " + alignment
          + " seamless tiling needs");
    }
  }

  /** The plan for a frame and a network input size, validated against the geometry. */
  public static TilePlan of(UNetGeometry geometry, int frameWidth, int frameHeight, int inputSize) {
    geometry.requireOutputSize(inputSize);
    if (inputSize < geometry.minimumTilingInput()) {
      throw new IllegalArgumentException("Input size " + inputSize + " is too small to tile a frame with a depth-"
          + geometry.depth() + " U-Net: its output is narrower than the " + geometry.modulus()
          + "-pixel alignment; use at least " + geometry.minimumTilingInput());
    }
    return new TilePlan(frameWidth, frameHeight, inputSize, geometry.margin(), geometry.modulus());
  }

  /** Network output side {@code o = n - 2m}. */
  public int outputSize() {
    return inputSize - 2 * margin;
  }

  /** Distance between tile origins: the output size rounded down to the alignment. */
  public int stride() {
    return outputSize() / alignment * alignment;
  }

  public int columns() {
    return ceilDiv(frameWidth, stride());
  }

  public int rows() {
    return ceilDiv(frameHeight, stride());
  }

  public int tileCount() {
    return columns() * rows();
  }

  /** The tile at row-major {@code index}. */
  public TilePlacement tile(int index) {
    if (index < 0 || index >= tileCount()) {
      throw new IndexOutOfBoundsException("tile " + index + " of " + tileCount());
    }
    int column = index % columns();
    int row = index / columns();
    int s = stride();
    int ownX = column * s;
    int ownY = row * s;
    Rect owned = new Rect(ownX, ownY, Math.min(s, frameWidth - ownX), Math.min(s, frameHeight - ownY));
    return new TilePlacement(index, column, row, ownX - margin, ownY - margin, inputSize, owned, 0, 0);
  }

  /** Every tile, in row-major order. */
  public List<TilePlacement> tiles() {
    List<TilePlacement> tiles = new ArrayList<>(tileCount());
    for (int i = 0; i < tileCount(); i++) {
      tiles.add(tile(i));
    }
    return tiles;
  }

  /** Input pixels the network computes for this frame: {@code tiles * n^2}. */
  public long computedInputPixels() {
    return (long) tileCount() * inputSize * inputSize;
  }

  /** Computed input pixels per frame pixel: 1.87 for a 512x512 frame in one 700x700 tile. */
  public double redundancy() {
    return (double) computedInputPixels() / ((long) frameWidth * frameHeight);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
