package dev.tessera.imaging.geometry;

import java.util.stream.IntStream;

/**
 * Input and output sizes of a U-Net with valid (unpadded) convolutions: at each of {@code depth}
 * levels two 3x3 convolutions then a 2x2 max-pool going down, two 3x3 convolutions at the bottom,
 * and at each level going up a 2x2 stride-2 up-convolution then two 3x3 convolutions.
 *
 * <p>Everything here is derived by walking that architecture ({@link #outputSize(int)}), never
 * from hard-coded numbers: for depth 4 the walk gives the paper's margin of 92 pixels per side
 * (572 in, 388 out), valid inputs n with n mod 16 = 12 and n at least 188.
 *
 * @param depth number of 2x2 poolings, at least 1
 */
public record UNetGeometry(int depth) {

  private static final int CONVS_PER_LEVEL = 2;
  private static final int CONV_LOSS = 2; // a valid 3x3 convolution loses one pixel per side

  public UNetGeometry {
    if (depth < 1 || depth > 10) {
      throw new IllegalArgumentException("U-Net depth must be between 1 and 10, was " + depth);
    }
  }

  /**
   * The network's output size for an input of {@code inputSize} pixels along one axis, or -1 when
   * the input is not valid (a pooling input would be odd, or a size would drop below one pixel).
   */
  public int outputSize(int inputSize) {
    int size = inputSize;
    for (int level = 0; level < depth; level++) {
      size -= CONVS_PER_LEVEL * CONV_LOSS;
      if (size < 2 || size % 2 != 0) {
        return -1;
      }
      size /= 2;
    }
    size -= CONVS_PER_LEVEL * CONV_LOSS;
    if (size < 1) {
      return -1;
    }
    for (int level = 0; level < depth; level++) {
      size = size * 2 - CONVS_PER_LEVEL * CONV_LOSS;
      if (size < 1) {
        return -1;
      }
    }
    return size;
  }

  /** Whether the network accepts {@code inputSize} along one axis. */
  public boolean isValidInput(int inputSize) {
    return outputSize(inputSize) > 0;
  }

  /** The smallest valid input size. */
  public int minimumInput() {
    return IntStream.iterate(1, n -> n + 1).filter(this::isValidInput).findFirst().orElseThrow();
  }

  /**
   * The smallest valid input whose output is at least {@link #modulus()} wide: smaller tiles
   * cannot advance on the pooling grid, which seamless tiling needs (204 for depth 4).
   */
  public int minimumTilingInput() {
    int margin = margin();
    return IntStream.iterate(minimumInput(), n -> n + modulus())
        .filter(n -> n - 2 * margin >= modulus()).findFirst().orElseThrow();
  }

  /** Valid input sizes repeat with this period: every pooling halves, so {@code 2^depth}. */
  public int modulus() {
    return 1 << depth;
  }

  /** Pixels lost on each side between input and output (the same for every valid input). */
  public int margin() {
    int n = minimumInput();
    return (n - outputSize(n)) / 2;
  }

  /** The output size for a valid input. */
  public int requireOutputSize(int inputSize) {
    int out = outputSize(inputSize);
    if (out <= 0) {
      throw new IllegalArgumentException("Input size " + inputSize + " is not valid for a depth-" + depth
          + " U-Net: valid sizes are " + minimumInput() + " + k*" + modulus() + " (nearest: "
          + nearestValid(inputSize) + ")");
    }
    return out;
  }

  /** Valid input sizes from the minimum up to {@code maxInput}, ascending. */
  public IntStream validInputsUpTo(int maxInput) {
    int min = minimumInput();
    return IntStream.iterate(min, n -> n <= maxInput, n -> n + modulus());
  }

  /** The largest valid input size not above {@code maxInput}, or -1 if there is none. */
  public int largestValidInputAtMost(int maxInput) {
    return validInputsUpTo(maxInput).reduce((a, b) -> b).orElse(-1);
  }

  /** The {@link GeometryId} of tiles of {@code inputSize}, written out: e.g. {@code unet-d4/in572/m92}. */
  public String geometryId(int inputSize) {
    return GeometryId.of(this, inputSize).format();
  }

  private String nearestValid(int inputSize) {
    int below = largestValidInputAtMost(inputSize);
    int above = below < 0 ? minimumInput() : below + modulus();
    return below < 0 ? Integer.toString(above) : below + " or " + above;
  }
}
