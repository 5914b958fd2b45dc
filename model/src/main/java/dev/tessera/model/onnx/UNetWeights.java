package dev.tessera.model.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The weights of the paper's U-Net (Ronneberger et al. 2015) of {@code depth} poolings, {@code
 * width} base filters and {@code classes} output classes, for one input channel. Level {@code l}
 * has {@code width * 2^l} channels; the bottom has {@code width * 2^depth}.
 *
 * <ul>
 *   <li>{@code down}: two 3x3 convolutions per level, levels 0 to depth-1 in order (2*depth
 *       entries); the first of level 0 has 1 input channel, the first of level {@code l > 0} has
 *       {@code width * 2^(l-1)}.
 *   <li>{@code bottom}: two 3x3 convolutions, to and at {@code width * 2^depth} channels.
 *   <li>{@code upConvs}: {@code depth} 2x2 stride-2 up-convolutions in ONNX {@code ConvTranspose}
 *       layout {@code [C_in, C_out, 2, 2]}, from {@code width * 2^(l+1)} to {@code width * 2^l}
 *       channels, listed from the bottom level up (level depth-1 first).
 *   <li>{@code up}: two 3x3 convolutions per up level, also from the bottom up (2*depth entries);
 *       the first of level {@code l} takes {@code 2 * width * 2^l} channels, the concatenation of
 *       [centre-cropped encoder map, up-sampled map] in that order.
 *   <li>{@code head}: the 1x1 convolution to {@code classes} channels (softmax follows).
 * </ul>
 *
 * <p>3x3 and 1x1 convolutions are OIHW {@code [out, in, kh, kw]}. At width 64, depth 4 and 2
 * classes this is the paper's network: 23 convolutions, 31,030,658 parameters.
 *
 * @param depth number of 2x2 poolings, at least 1
 * @param width filters of level 0, at least 1
 * @param classes output classes, at least 2
 * @param down contracting-path convolutions
 * @param bottom the two bottom convolutions
 * @param upConvs up-convolutions, bottom level first
 * @param up expanding-path convolutions, bottom level first
 * @param head the final 1x1 convolution
 */
public record UNetWeights(int depth, int width, int classes, List<ConvWeights> down, List<ConvWeights> bottom,
    List<ConvWeights> upConvs, List<ConvWeights> up, ConvWeights head) {

  public UNetWeights {
    if (depth < 1 || depth > 10) {
      throw new IllegalArgumentException("U-Net depth must be between 1 and 10, was " + depth);
    }
    if (width < 1) {
      throw new IllegalArgumentException("U-Net width must be at least 1, was " + width);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("a U-Net needs at least 2 classes, was " + classes);
    }
    down = List.copyOf(down);
    bottom = List.copyOf(bottom);
    upConvs = List.copyOf(upConvs);
    up = List.copyOf(up);
    checkLayout(depth, width, classes, down, bottom, upConvs, up, head);
  }

  /** Channels at {@code level} (0..depth; depth is the bottom). */
  public int channels(int level) {
    return width << level;
  }

  /** Every weight and bias. */
  public long parameterCount() {
    long n = head.parameterCount();
    for (List<ConvWeights> part : List.of(down, bottom, upConvs, up)) {
      for (ConvWeights c : part) {
        n += c.parameterCount();
      }
    }
    return n;
  }

  /** Number of convolution layers (up-convolutions included): 23 at depth 4. */
  public int convolutionCount() {
    return down.size() + bottom.size() + upConvs.size() + up.size() + 1;
  }

  /**
   * He-initialised weights (Gaussian with std {@code sqrt(2 / fan_in)}, fan-in = the inputs one
   * output value sees: {@code in * kh * kw} for a convolution, {@code C_in} for a 2x2 stride-2
   * up-convolution, whose windows do not overlap) and zero biases, reproducible from {@code seed}.
   */
  public static UNetWeights random(int depth, int width, int classes, long seed) {
    Random random = new Random(seed);
    List<ConvWeights> down = new ArrayList<>();
    int in = 1;
    for (int level = 0; level < depth; level++) {
      int c = width << level;
      down.add(he(random, c, in, 3, in * 9));
      down.add(he(random, c, c, 3, c * 9));
      in = c;
    }
    int bottomChannels = width << depth;
    List<ConvWeights> bottom = List.of(he(random, bottomChannels, in, 3, in * 9),
        he(random, bottomChannels, bottomChannels, 3, bottomChannels * 9));
    List<ConvWeights> upConvs = new ArrayList<>();
    List<ConvWeights> up = new ArrayList<>();
    for (int level = depth - 1; level >= 0; level--) {
      int c = width << level;
      upConvs.add(he(random, c, 2 * c, 2, 2 * c));
      up.add(he(random, c, 2 * c, 3, 2 * c * 9));
      up.add(he(random, c, c, 3, c * 9));
    }
    ConvWeights head = he(random, classes, width, 1, width);
    return new UNetWeights(depth, width, classes, down, bottom, upConvs, up, head);
  }

  private static ConvWeights he(Random random, int out, int in, int k, int fanIn) {
    float[] w = new float[out * in * k * k];
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextGaussian() * std);
    }
    return new ConvWeights(out, in, k, k, w, new float[out]);
  }

  private static void checkLayout(int depth, int width, int classes, List<ConvWeights> down, List<ConvWeights> bottom,
      List<ConvWeights> upConvs, List<ConvWeights> up, ConvWeights head) {
    expectCount("down", down, 2 * depth);
    expectCount("bottom", bottom, 2);
    expectCount("upConvs", upConvs, depth);
    expectCount("up", up, 2 * depth);
    int in = 1;
    for (int level = 0; level < depth; level++) {
      int c = width << level;
      expectShape("down[" + (2 * level) + "]", down.get(2 * level), c, in, 3);
      expectShape("down[" + (2 * level + 1) + "]", down.get(2 * level + 1), c, c, 3);
      in = c;
    }
    int b = width << depth;
    expectShape("bottom[0]", bottom.get(0), b, in, 3);
    expectShape("bottom[1]", bottom.get(1), b, b, 3);
    for (int i = 0; i < depth; i++) {
      int c = width << (depth - 1 - i);
      expectShape("upConvs[" + i + "]", upConvs.get(i), c, 2 * c, 2);
      expectShape("up[" + (2 * i) + "]", up.get(2 * i), c, 2 * c, 3);
      expectShape("up[" + (2 * i + 1) + "]", up.get(2 * i + 1), c, c, 3);
    }
    java.util.Objects.requireNonNull(head, "head");
    expectShape("head", head, classes, width, 1);
  }

  private static void expectCount(String name, List<ConvWeights> list, int count) {
    if (list.size() != count) {
      throw new IllegalArgumentException(name + " must hold " + count + " convolutions, has " + list.size());
    }
  }

  private static void expectShape(String name, ConvWeights c, int out, int in, int k) {
    if (!c.hasShape(out, in, k, k)) {
      throw new IllegalArgumentException(name + " must be " + out + " out x " + in + " in x " + k + "x" + k
          + ", is " + c.outChannels() + " out x " + c.inChannels() + " in x " + c.kernelH() + "x" + c.kernelW());
    }
  }
}
