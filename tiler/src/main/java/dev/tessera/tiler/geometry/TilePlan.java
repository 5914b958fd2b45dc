package dev.tessera.tiler.geometry;

import java.util.ArrayList;
import java.util.List;

/**
 * The overlap-tile grid of one frame for one input size (DESIGN.md section 3). With output size
 * {@code o = n - 2m}: {@code ceil(W/o)} columns; tile {@code c}'s output starts at
 * {@code min(c*o, max(W-o, 0))} (the last tile is pulled back inside the frame rather than
 * reaching past it) and owns columns {@code [c*o, min((c+1)*o, W))}; rows likewise. Its input
 * spans {@code [x0 - m, x0 + o + m)}, mirrored where it leaves the frame.
 *
 * @param frameWidth frame columns
 * @param frameHeight frame rows
 * @param inputSize network input side n
 * @param margin pixels lost per side m
 */
public record TilePlan(int frameWidth, int frameHeight, int inputSize, int margin) {

  public TilePlan {
    if (frameWidth < 1 || frameHeight < 1) {
      throw new IllegalArgumentException("frame size " + frameWidth + "x" + frameHeight + " is not positive");
    }
    if (inputSize - 2 * margin < 1) {
      throw new IllegalArgumentException("input size " + inputSize + " leaves no output with margin " + margin);
    }
  }

  /** The plan for a frame and a network input size, validated against the geometry. */
  public static TilePlan of(UNetGeometry geometry, int frameWidth, int frameHeight, int inputSize) {
    geometry.requireOutputSize(inputSize);
    return new TilePlan(frameWidth, frameHeight, inputSize, geometry.margin());
  }

  /** Network output side {@code o = n - 2m}. */
  public int outputSize() {
    return inputSize - 2 * margin;
  }

  public int columns() {
    return ceilDiv(frameWidth, outputSize());
  }

  public int rows() {
    return ceilDiv(frameHeight, outputSize());
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
    int o = outputSize();
    int outX = Math.min(column * o, Math.max(frameWidth - o, 0));
    int outY = Math.min(row * o, Math.max(frameHeight - o, 0));
    int ownX = column * o;
    int ownY = row * o;
    Rect owned = new Rect(ownX, ownY, Math.min(o, frameWidth - ownX), Math.min(o, frameHeight - ownY));
    return new TilePlacement(index, column, row, outX - margin, outY - margin, inputSize, owned,
        ownX - outX, ownY - outY);
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
