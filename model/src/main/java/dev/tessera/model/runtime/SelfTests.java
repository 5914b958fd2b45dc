package dev.tessera.model.runtime;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.model.ModelCard;

/**
 * The self-test stored in a model card at export and checked at every load: the per-class mean
 * of the model's output on {@link ModelCard#selfTestInput(int)}.
 */
public final class SelfTests {

  /** Output pixels per side the default self-test input yields at least. */
  static final int MIN_OUTPUT = 64;

  private SelfTests() {}

  /**
   * The default self-test input side: the smallest valid input with at least 64 output pixels
   * per side (252 at depth 4), small enough to run in a fraction of a second at width 64.
   */
  public static int defaultInputSize(UNetGeometry geometry) {
    int n = geometry.minimumInput();
    while (geometry.outputSize(n) < MIN_OUTPUT) {
      n += geometry.modulus();
    }
    return n;
  }

  /**
   * The expectation of a serialized model at the default input size, computed on the CPU.
   *
   * @throws IllegalArgumentException when the bytes are not a loadable Tessera model
   */
  public static ModelCard.SelfTest compute(byte[] onnx) {
    try (UNetModel model = UNetModel.load(onnx, ModelOptions.cpu())) {
      return model.computeSelfTest(defaultInputSize(model.geometry()));
    }
  }

  /**
   * Returns {@code onnx} with its card's self-test replaced by the expectation {@link
   * #compute(byte[])} measures, so the exporter stores what every later load checks.
   */
  public static byte[] embed(byte[] onnx) {
    ModelCard.SelfTest test = compute(onnx);
    ModelProto model;
    try {
      model = ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Not an ONNX model: " + e.getMessage(), e);
    }
    ModelProto.Builder b = model.toBuilder().clearMetadataProps();
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      if (!e.getKey().equals(ModelCard.SELF_TEST)) {
        b.addMetadataProps(e);
      }
    }
    b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(ModelCard.SELF_TEST).setValue(test.format()));
    return b.build().toByteArray();
  }
}
