package dev.tessera.model.onnx;

import java.util.Objects;

/**
 * The weights of one convolution of a U-Net. For a {@code Conv} the weight is laid out as ONNX
 * wants it, OIHW {@code [outChannels, inChannels, kernelH, kernelW]}; for a {@code ConvTranspose}
 * (the up-convolutions, {@link UNetWeights#upConvs()}) ONNX wants {@code [inChannels, outChannels,
 * kernelH, kernelW]}. Either way the array holds {@code outChannels * inChannels * kernelH *
 * kernelW} floats, row-major in that order, and the bias one float per output channel.
 *
 * @param outChannels output channels
 * @param inChannels input channels
 * @param kernelH kernel rows
 * @param kernelW kernel columns
 * @param weight the kernel, in the ONNX layout of the operator that uses it
 * @param bias one value per output channel
 */
public record ConvWeights(int outChannels, int inChannels, int kernelH, int kernelW, float[] weight, float[] bias) {

  public ConvWeights {
    if (outChannels < 1 || inChannels < 1 || kernelH < 1 || kernelW < 1) {
      throw new IllegalArgumentException("convolution shape " + outChannels + "x" + inChannels + "x" + kernelH
          + "x" + kernelW + " is not positive");
    }
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(bias, "bias");
    long expected = (long) outChannels * inChannels * kernelH * kernelW;
    if (weight.length != expected) {
      throw new IllegalArgumentException("a " + outChannels + "x" + inChannels + "x" + kernelH + "x" + kernelW
          + " convolution needs " + expected + " weights, got " + weight.length);
    }
    if (bias.length != outChannels) {
      throw new IllegalArgumentException("a convolution with " + outChannels + " output channels needs as many biases, got "
          + bias.length);
    }
  }

  /** Weights plus biases. */
  public long parameterCount() {
    return (long) weight.length + bias.length;
  }

  /** Whether this convolution has the given shape. */
  public boolean hasShape(int out, int in, int kh, int kw) {
    return outChannels == out && inChannels == in && kernelH == kh && kernelW == kw;
  }

  @Override
  public String toString() {
    return "ConvWeights[" + outChannels + "x" + inChannels + "x" + kernelH + "x" + kernelW + "]";
  }
}
