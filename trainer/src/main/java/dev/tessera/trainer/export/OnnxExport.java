package dev.tessera.trainer.export;

import ai.djl.nn.Parameter;
import dev.tessera.model.runtime.SelfTests;
import dev.tessera.model.onnx.ConvWeights;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.trainer.net.UNet;
import dev.tessera.trainer.net.UNetSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports a trained DJL {@link UNet} to ONNX (DESIGN.md section 4) through the inference module's
 * graph builder: the DJL parameters become {@link UNetWeights}, with each up-convolution re-laid
 * from the network's 1x1-convolution-plus-depth-to-space form into ConvTranspose's
 * {@code [C_in, C_out, 2, 2]} ({@link UNet#upConvTransposeWeight(float[], int, int)}), so ONNX
 * Runtime computes the same function as the training network.
 */
public final class OnnxExport {

  private OnnxExport() {}

  /** The network's current weights in ONNX layouts. */
  public static UNetWeights weights(UNet net) {
    UNetSpec spec = net.spec();
    List<ConvWeights> down = new ArrayList<>();
    for (int level = 0; level < spec.depth(); level++) {
      for (UNet.Conv c : net.down(level)) {
        down.add(conv(c));
      }
    }
    List<ConvWeights> bottom = new ArrayList<>();
    for (UNet.Conv c : net.bottom()) {
      bottom.add(conv(c));
    }
    List<ConvWeights> upConvs = new ArrayList<>();
    List<ConvWeights> up = new ArrayList<>();
    for (int level = spec.depth() - 1; level >= 0; level--) {
      UNet.Conv u = net.upConv(level);
      int cOut = spec.channels(level);
      int cIn = spec.channels(level + 1);
      float[] relaid = UNet.upConvTransposeWeight(values(u.weight()), cIn, cOut);
      upConvs.add(new ConvWeights(cOut, cIn, 2, 2, relaid, values(u.bias())));
      for (UNet.Conv c : net.up(level)) {
        up.add(conv(c));
      }
    }
    return new UNetWeights(spec.depth(), spec.width(), spec.classes(), down, bottom, upConvs, up, conv(net.head()));
  }

  /**
   * The ONNX model of {@code net} carrying {@code card}, with the self-test expectation measured
   * on the exported graph and stored in the card, so every later load checks it.
   */
  public static byte[] export(UNet net, ModelCard card) {
    return SelfTests.embed(UNetOnnx.build(weights(net), card.withSelfTest(ModelCard.SelfTest.NONE)));
  }

  /** The ONNX model without a self-test (for validation during training, where it is not needed). */
  public static byte[] exportWithoutSelfTest(UNet net, ModelCard card) {
    return UNetOnnx.build(weights(net), card.withSelfTest(ModelCard.SelfTest.NONE));
  }

  private static ConvWeights conv(UNet.Conv c) {
    long[] s = c.weight().getShape().getShape();
    return new ConvWeights((int) s[0], (int) s[1], (int) s[2], (int) s[3], values(c.weight()), values(c.bias()));
  }

  private static float[] values(Parameter p) {
    return p.getArray().toFloatArray();
  }
}
