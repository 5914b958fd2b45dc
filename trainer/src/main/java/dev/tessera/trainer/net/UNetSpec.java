package dev.tessera.trainer.net;

import dev.tessera.imaging.geometry.UNetGeometry;

/**
 * The shape of a U-Net: {@code depth} poolings, {@code width} filters at the top level doubled per
 * level (the paper: depth 4, width 64, 1024 filters at the bottom), {@code classes} output
 * channels, and the dropout rate applied at the end of the contracting path during training.
 *
 * @param depth number of 2x2 max-poolings (1 to 10)
 * @param width filters of the first level's convolutions
 * @param classes output classes (at least 2)
 * @param dropout dropout rate at the end of the contracting path, in [0, 1)
 */
public record UNetSpec(int depth, int width, int classes, float dropout) {

  /** The paper's network: depth 4, width 64, two classes, dropout 0.5. */
  public static final UNetSpec PAPER = new UNetSpec(4, 64, 2, 0.5f);

  public UNetSpec {
    new UNetGeometry(depth);
    if (width < 1) {
      throw new IllegalArgumentException("U-Net width must be at least 1, was " + width);
    }
    if ((long) width << depth > Integer.MAX_VALUE / 16) {
      throw new IllegalArgumentException("U-Net width " + width + " at depth " + depth + " is too large");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("A U-Net needs at least 2 classes, was " + classes);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
    }
  }

  /** A spec with two classes and the paper's dropout. */
  public static UNetSpec of(int depth, int width) {
    return new UNetSpec(depth, width, 2, 0.5f);
  }

  /** Filters of the convolutions at {@code level} (0 = top, {@code depth} = bottom). */
  public int channels(int level) {
    return width << level;
  }

  public UNetGeometry geometry() {
    return new UNetGeometry(depth);
  }

  /** Parameters of the network, counted from the architecture (no arrays needed). */
  public long parameterCount() {
    long count = conv(1, channels(0), 3);
    count += conv(channels(0), channels(0), 3);
    for (int level = 1; level <= depth; level++) {
      count += conv(channels(level - 1), channels(level), 3) + conv(channels(level), channels(level), 3);
    }
    for (int level = depth - 1; level >= 0; level--) {
      // up-convolution: C_in * C_out * 2 * 2 weights and one bias per output channel
      count += (long) channels(level + 1) * channels(level) * 4 + channels(level);
      count += conv(2 * channels(level), channels(level), 3) + conv(channels(level), channels(level), 3);
    }
    return count + conv(channels(0), classes, 1);
  }

  /** A short id, e.g. {@code unet-d4-w16}. */
  public String id() {
    return "unet-d" + depth + "-w" + width;
  }

  private static long conv(int in, int out, int k) {
    return (long) in * out * k * k + out;
  }
}
