package dev.tessera.trainer.net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.util.ArrayList;
import java.util.List;

/**
 * The U-Net of Ronneberger et al. (2015) as one DJL block: at each level of the contracting path
 * two unpadded 3x3 convolutions with ReLU then a 2x2 max-pool; two convolutions at the bottom
 * followed by dropout (training only); at each level of the expanding path a 2x2 stride-2
 * up-convolution, concatenation of the centre-cropped encoder map with it (in that order), and
 * two 3x3 convolutions with ReLU; a final 1x1 convolution to the class logits.
 *
 * <p>DJL's PyTorch engine has no transposed convolution, so the up-convolution is a 1x1
 * convolution without bias to {@code 4 * C_out} channels, a depth-to-space rearrangement and a
 * per-channel bias. It is exactly a 2x2 stride-2 transposed convolution: output channel {@code c}
 * at {@code (2h + dy, 2w + dx)} is the 1x1 output channel {@code 4c + 2dy + dx} at {@code (h, w)};
 * {@link #upConvTransposeWeight(float[], int, int)} re-lays the weights for ONNX's ConvTranspose.
 *
 * <p>The block outputs logits {@code [N, classes, H - 2m, W - 2m]}; {@link #probabilities(NDArray)}
 * is the softmax the exported model applies. Weights start with He initialisation (Gaussian, std
 * {@code sqrt(2 / fan_in)}), biases at zero.
 */
public final class UNet extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final Shape ONE = new Shape(1, 1);
  private static final Shape NONE = new Shape(0, 0);
  private static final Shape TWO = new Shape(2, 2);

  /** A convolution's parameters. */
  public record Conv(Parameter weight, Parameter bias) {}

  private final UNetSpec spec;
  private final UNetGeometry geometry;
  private final List<Conv[]> down = new ArrayList<>();
  private final Conv[] bottom;
  private final List<Conv> upConvs = new ArrayList<>();
  private final List<Conv[]> up = new ArrayList<>();
  private final Conv head;

  public UNet(UNetSpec spec) {
    super(VERSION);
    this.spec = spec;
    this.geometry = spec.geometry();
    int in = 1;
    for (int level = 0; level < spec.depth(); level++) {
      int c = spec.channels(level);
      down.add(new Conv[] {conv("down" + level + "_conv0", in, c, 3), conv("down" + level + "_conv1", c, c, 3)});
      in = c;
    }
    int cb = spec.channels(spec.depth());
    bottom = new Conv[] {conv("bottom_conv0", in, cb, 3), conv("bottom_conv1", cb, cb, 3)};
    for (int level = 0; level < spec.depth(); level++) {
      int c = spec.channels(level);
      int cIn = spec.channels(level + 1);
      Parameter w = addParameter(Parameter.builder().setName("up" + level + "_upconv_weight")
          .setType(Parameter.Type.WEIGHT).optShape(new Shape(4L * c, cIn, 1, 1)).build());
      Parameter b = addParameter(Parameter.builder().setName("up" + level + "_upconv_bias")
          .setType(Parameter.Type.BIAS).optShape(new Shape(c)).build());
      upConvs.add(new Conv(w, b));
      up.add(new Conv[] {conv("up" + level + "_conv0", 2 * c, c, 3), conv("up" + level + "_conv1", c, c, 3)});
    }
    head = conv("head", spec.channels(0), spec.classes(), 1);
  }

  private Conv conv(String name, int in, int out, int k) {
    Parameter w = addParameter(Parameter.builder().setName(name + "_weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(out, in, k, k)).build());
    Parameter b = addParameter(Parameter.builder().setName(name + "_bias").setType(Parameter.Type.BIAS)
        .optShape(new Shape(out)).build());
    return new Conv(w, b);
  }

  public UNetSpec spec() {
    return spec;
  }

  /** The two convolutions of contracting level {@code level}. */
  public Conv[] down(int level) {
    return down.get(level).clone();
  }

  /** The two convolutions at the bottom. */
  public Conv[] bottom() {
    return bottom.clone();
  }

  /**
   * The up-convolution into expanding level {@code level}: weight {@code [4 C_out, C_in, 1, 1]}
   * (1x1 layout, see the class comment), bias {@code [C_out]}.
   */
  public Conv upConv(int level) {
    return upConvs.get(level);
  }

  /** The two convolutions of expanding level {@code level}. */
  public Conv[] up(int level) {
    return up.get(level).clone();
  }

  /** The 1x1 output convolution. */
  public Conv head() {
    return head;
  }

  /** The number of scalar parameters. */
  public long parameterCount() {
    return getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Device device = x.getDevice();
    List<NDArray> skips = new ArrayList<>();
    for (Conv[] level : down) {
      x = convRelu(ps, device, training, convRelu(ps, device, training, x, level[0]), level[1]);
      skips.add(x);
      x = Pool.maxPool2d(x, TWO, TWO, NONE, false);
    }
    x = convRelu(ps, device, training, convRelu(ps, device, training, x, bottom[0]), bottom[1]);
    if (training && spec.dropout() > 0) {
      x = Dropout.dropout(x, spec.dropout(), true).singletonOrThrow();
    }
    for (int level = spec.depth() - 1; level >= 0; level--) {
      NDArray upsampled = upConv(ps, device, training, x, upConvs.get(level));
      NDArray merged = NDArrays.concat(new NDList(centreCrop(skips.get(level), upsampled), upsampled), 1);
      Conv[] convs = up.get(level);
      x = convRelu(ps, device, training, convRelu(ps, device, training, merged, convs[0]), convs[1]);
    }
    return new NDList(pointwise(ps, device, training, x, head));
  }

  /**
   * The 1x1 head as a matrix product over the channel axis: exactly the 1x1 convolution, but it
   * keeps the head out of the engine's convolution kernels. Its output has fewer channels than a
   * 16-channel block, and oneDNN 3.7.1 (in DJL's libtorch 2.7.1) computes the backward pass of such
   * convolutions wrongly on CPUs whose CPUID reports no cache sizes (see {@code BackendSelfCheck}).
   */
  private static NDArray pointwise(ParameterStore ps, Device device, boolean training, NDArray x, Conv c) {
    NDArray w = ps.getValue(c.weight(), device, training);
    NDArray b = ps.getValue(c.bias(), device, training);
    Shape s = x.getShape();
    long n = s.get(0);
    long channels = s.get(1);
    long h = s.get(2);
    long wd = s.get(3);
    long classes = b.getShape().get(0);
    NDArray pixels = x.transpose(0, 2, 3, 1).reshape(n * h * wd, channels);
    NDArray y = pixels.matMul(w.reshape(classes, channels).transpose()).add(b.reshape(1, classes));
    return y.reshape(n, h, wd, classes).transpose(0, 3, 1, 2);
  }

  private static NDArray conv(ParameterStore ps, Device device, boolean training, NDArray x, Conv c) {
    return Conv2d.conv2d(x, ps.getValue(c.weight(), device, training), ps.getValue(c.bias(), device, training),
        ONE, NONE, ONE).singletonOrThrow();
  }

  private static NDArray convRelu(ParameterStore ps, Device device, boolean training, NDArray x, Conv c) {
    return Activation.relu(conv(ps, device, training, x, c));
  }

  private static NDArray upConv(ParameterStore ps, Device device, boolean training, NDArray x, Conv c) {
    NDArray w = ps.getValue(c.weight(), device, training);
    NDArray b = ps.getValue(c.bias(), device, training);
    Shape s = x.getShape();
    long n = s.get(0);
    long h = s.get(2);
    long wd = s.get(3);
    long cOut = b.getShape().get(0);
    NDArray y = Conv2d.conv2d(x, w, null, ONE, NONE, ONE).singletonOrThrow();
    // channel 4c + 2dy + dx at (h, w) goes to channel c at (2h + dy, 2w + dx)
    y = y.reshape(n, cOut, 2, 2, h, wd).transpose(0, 1, 4, 2, 5, 3).reshape(n, cOut, 2 * h, 2 * wd);
    return y.add(b.reshape(1, cOut, 1, 1));
  }

  private static NDArray centreCrop(NDArray encoder, NDArray target) {
    Shape e = encoder.getShape();
    Shape t = target.getShape();
    long dy = (e.get(2) - t.get(2)) / 2;
    long dx = (e.get(3) - t.get(3)) / 2;
    return encoder.get(":, :, {}:{}, {}:{}", dy, dy + t.get(2), dx, dx + t.get(3));
  }

  /** Softmax over the class axis of logits {@code [N, C, H, W]}. */
  public static NDArray probabilities(NDArray logits) {
    return logits.softmax(1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), spec.classes(), geometry.requireOutputSize((int) in.get(2)),
        geometry.requireOutputSize((int) in.get(3)))};
  }

  /**
   * Re-lays an up-convolution weight from this block's 1x1 layout {@code [4 C_out, C_in, 1, 1]}
   * into ONNX ConvTranspose's {@code [C_in, C_out, 2, 2]}.
   */
  public static float[] upConvTransposeWeight(float[] oneByOne, int cIn, int cOut) {
    if (oneByOne.length != 4 * cIn * cOut) {
      throw new IllegalArgumentException("expected " + 4 * cIn * cOut + " weights, got " + oneByOne.length);
    }
    float[] t = new float[oneByOne.length];
    for (int c = 0; c < cOut; c++) {
      for (int d = 0; d < 4; d++) {
        for (int i = 0; i < cIn; i++) {
          // oneByOne[(4c + d) * cIn + i] -> t[((i * cOut + c) * 4) + d], d = 2 dy + dx
          t[(i * cOut + c) * 4 + d] = oneByOne[(4 * c + d) * cIn + i];
        }
      }
    }
    return t;
  }
}
