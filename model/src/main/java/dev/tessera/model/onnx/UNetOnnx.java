package dev.tessera.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.model.ModelCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the ONNX model of a valid-convolution U-Net (DESIGN.md section 4) from its weights:
 * input {@code image} float32 {@code [N,1,H,W]} with dynamic N, H and W, output {@code
 * probabilities} float32 {@code [N,C,H-2m,W-2m]} (softmax over the classes inside the graph), opset
 * 17, and the model card as {@code metadata_props}.
 *
 * <p>The graph uses only Conv, Relu, MaxPool, ConvTranspose, Slice, Concat and Softmax. The
 * centre crop of each skip connection is a Slice with constant starts and negative ends: in a
 * valid U-Net the encoder map exceeds the up-sampled map by the same amount at every valid input
 * size ({@link #crops(int)}), so no Shape arithmetic is needed and any runtime can fold it.
 */
public final class UNetOnnx {

  /** The ONNX operator set the graph is written for. */
  public static final int OPSET = 17;
  /** ONNX IR version 8 is the one that goes with opset 17. */
  public static final long IR_VERSION = 8;

  private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
  private static final int INT64 = TensorProto.DataType.INT64.getNumber();

  private UNetOnnx() {}

  /**
   * The serialized ONNX model of {@code weights}, carrying {@code card} as metadata.
   *
   * @throws IllegalArgumentException when the card's depth or class count differs from the weights'
   */
  public static byte[] build(UNetWeights weights, ModelCard card) {
    return model(weights, card).toByteArray();
  }

  /** Builds the model and writes it to {@code path}, replacing any file there. */
  public static void write(Path path, UNetWeights weights, ModelCard card) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(path, build(weights, card));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the ONNX model to " + path + ": " + e.getMessage(), e);
    }
  }

  /** The model as a protobuf message, for callers that want to inspect or amend it. */
  public static ModelProto model(UNetWeights weights, ModelCard card) {
    if (card.depth() != weights.depth()) {
      throw new IllegalArgumentException("model card depth " + card.depth() + " differs from the weights' depth "
          + weights.depth());
    }
    if (card.classCount() != weights.classes()) {
      throw new IllegalArgumentException("model card has " + card.classCount() + " classes " + card.classNames()
          + ", the weights " + weights.classes());
    }
    GraphProto.Builder graph = GraphProto.newBuilder().setName("tessera-unet");
    graph.addInput(tensorInfo(ModelCard.INPUT_NAME, dim("N"), dim(1), dim("H"), dim("W")));
    graph.addOutput(tensorInfo(ModelCard.OUTPUT_NAME, dim("N"), dim(weights.classes()), dim("H_out"), dim("W_out")));

    int depth = weights.depth();
    int[] crops = crops(depth);
    String x = ModelCard.INPUT_NAME;
    String[] skips = new String[depth];
    for (int level = 0; level < depth; level++) {
      x = convRelu(graph, "down" + level + "_conv0", x, weights.down().get(2 * level));
      x = convRelu(graph, "down" + level + "_conv1", x, weights.down().get(2 * level + 1));
      skips[level] = x;
      x = maxPool(graph, "down" + level + "_pool", x);
    }
    x = convRelu(graph, "bottom_conv0", x, weights.bottom().get(0));
    x = convRelu(graph, "bottom_conv1", x, weights.bottom().get(1));
    for (int i = 0; i < depth; i++) {
      int level = depth - 1 - i;
      String name = "up" + level;
      String upsampled = upConv(graph, name + "_upconv", x, weights.upConvs().get(i));
      String cropped = centreCrop(graph, name + "_crop", skips[level], crops[level]);
      String concat = name + "_concat";
      graph.addNode(NodeProto.newBuilder().setOpType("Concat").setName(concat)
          .addInput(cropped).addInput(upsampled).addOutput(concat).addAttribute(intAttr("axis", 1)));
      x = convRelu(graph, name + "_conv0", concat, weights.up().get(2 * i));
      x = convRelu(graph, name + "_conv1", x, weights.up().get(2 * i + 1));
    }
    String logits = conv(graph, "head", x, weights.head());
    graph.addNode(NodeProto.newBuilder().setOpType("Softmax").setName("softmax")
        .addInput(logits).addOutput(ModelCard.OUTPUT_NAME).addAttribute(intAttr("axis", 1)));

    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("tessera")
        .setProducerVersion(card.tesseraVersion())
        .setDocString("Valid-convolution U-Net, depth " + depth + ", width " + weights.width() + ", "
            + weights.classes() + " classes")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph);
    card.toMetadata().forEach((k, v) -> model.addMetadataProps(
        StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  /**
   * Pixels to remove from each side of the encoder map of every level ({@code [0]} = level 0)
   * before it is concatenated with the up-sampled map. Derived by walking the geometry at the
   * smallest valid input; the difference is the same at every valid input.
   */
  public static int[] crops(int depth) {
    UNetGeometry geometry = new UNetGeometry(depth);
    int size = geometry.minimumInput();
    int[] encoder = new int[depth];
    for (int level = 0; level < depth; level++) {
      size -= 4;
      encoder[level] = size;
      size /= 2;
    }
    size -= 4;
    int[] crops = new int[depth];
    for (int level = depth - 1; level >= 0; level--) {
      size *= 2;
      crops[level] = (encoder[level] - size) / 2;
      size -= 4;
    }
    return crops;
  }

  /**
   * Multiply-accumulates of one forward pass on an {@code h x w} input (convolutions and
   * up-convolutions; pooling, ReLU and softmax are negligible): 150.4 G for the paper's network
   * at 572x572.
   */
  public static long multiplyAccumulates(UNetWeights weights, int h, int w) {
    int depth = weights.depth();
    UNetGeometry geometry = new UNetGeometry(depth);
    geometry.requireOutputSize(h);
    geometry.requireOutputSize(w);
    long macs = 0;
    int sh = h;
    int sw = w;
    for (int level = 0; level < depth; level++) {
      for (int k = 0; k < 2; k++) {
        sh -= 2;
        sw -= 2;
        macs += convMacs(weights.down().get(2 * level + k), sh, sw);
      }
      sh /= 2;
      sw /= 2;
    }
    for (ConvWeights c : weights.bottom()) {
      sh -= 2;
      sw -= 2;
      macs += convMacs(c, sh, sw);
    }
    for (int i = 0; i < depth; i++) {
      ConvWeights upConv = weights.upConvs().get(i);
      // Each input pixel feeds a disjoint 2x2 block: C_in * C_out * 4 per input pixel.
      macs += (long) sh * sw * upConv.inChannels() * upConv.outChannels() * 4;
      sh *= 2;
      sw *= 2;
      for (int k = 0; k < 2; k++) {
        sh -= 2;
        sw -= 2;
        macs += convMacs(weights.up().get(2 * i + k), sh, sw);
      }
    }
    return macs + convMacs(weights.head(), sh, sw);
  }

  private static long convMacs(ConvWeights c, int outH, int outW) {
    return (long) outH * outW * c.outChannels() * c.inChannels() * c.kernelH() * c.kernelW();
  }

  private static String convRelu(GraphProto.Builder graph, String name, String input, ConvWeights weights) {
    String conv = conv(graph, name, input, weights);
    String relu = name + "_relu";
    graph.addNode(NodeProto.newBuilder().setOpType("Relu").setName(relu).addInput(conv).addOutput(relu));
    return relu;
  }

  private static String conv(GraphProto.Builder graph, String name, String input, ConvWeights weights) {
    return weighted(graph, "Conv", name, input, weights, false,
        intsAttr("strides", 1, 1), intsAttr("pads", 0, 0, 0, 0), intsAttr("dilations", 1, 1));
  }

  /** A Conv or ConvTranspose node with its weight and bias initializers. */
  private static String weighted(GraphProto.Builder graph, String op, String name, String input, ConvWeights weights,
      boolean transposed, AttributeProto... attributes) {
    // Conv weights are [C_out, C_in, kh, kw], ConvTranspose weights [C_in, C_out, kh, kw].
    long first = transposed ? weights.inChannels() : weights.outChannels();
    long second = transposed ? weights.outChannels() : weights.inChannels();
    graph.addInitializer(floatTensor(name + "_W", weights.weight(), first, second, weights.kernelH(), weights.kernelW()));
    graph.addInitializer(floatTensor(name + "_B", weights.bias(), weights.outChannels()));
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name)
        .addInput(input).addInput(name + "_W").addInput(name + "_B").addOutput(name)
        .addAttribute(intsAttr("kernel_shape", weights.kernelH(), weights.kernelW()));
    for (AttributeProto a : attributes) {
      node.addAttribute(a);
    }
    graph.addNode(node);
    return name;
  }

  private static String maxPool(GraphProto.Builder graph, String name, String input) {
    graph.addNode(NodeProto.newBuilder().setOpType("MaxPool").setName(name).addInput(input).addOutput(name)
        .addAttribute(intsAttr("kernel_shape", 2, 2))
        .addAttribute(intsAttr("strides", 2, 2)));
    return name;
  }

  private static String upConv(GraphProto.Builder graph, String name, String input, ConvWeights weights) {
    return weighted(graph, "ConvTranspose", name, input, weights, true, intsAttr("strides", 2, 2));
  }

  private static String centreCrop(GraphProto.Builder graph, String name, String input, int crop) {
    graph.addInitializer(longTensor(name + "_starts", crop, crop));
    graph.addInitializer(longTensor(name + "_ends", -crop, -crop));
    graph.addInitializer(longTensor(name + "_axes", 2, 3));
    graph.addNode(NodeProto.newBuilder().setOpType("Slice").setName(name)
        .addInput(input).addInput(name + "_starts").addInput(name + "_ends").addInput(name + "_axes")
        .addOutput(name));
    return name;
  }

  private static TensorProto floatTensor(String name, float[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT).setRawData(ByteString.copyFrom(raw));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  private static TensorProto longTensor(String name, long... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    return TensorProto.newBuilder().setName(name).setDataType(INT64).addDims(values.length)
        .setRawData(ByteString.copyFrom(raw)).build();
  }

  private static AttributeProto intsAttr(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  private static TensorShapeProto.Dimension dim(String param) {
    return TensorShapeProto.Dimension.newBuilder().setDimParam(param).build();
  }

  private static TensorShapeProto.Dimension dim(long value) {
    return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
  }

  private static ValueInfoProto tensorInfo(String name, TensorShapeProto.Dimension... dims) {
    TensorShapeProto shape = TensorShapeProto.newBuilder().addAllDim(List.of(dims)).build();
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape)))
        .build();
  }
}
