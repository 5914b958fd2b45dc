package dev.tessera.trainer.export;

import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A BioImage Model Zoo description (format 0.5) of an exported model, beside its ONNX file:
 * {@code rdf.yaml}, {@code test_input.npy} and {@code test_output.npy}, so deepImageJ, ilastik and
 * other zoo consumers can load Tessera's models.
 *
 * <ul>
 *   <li>Input {@code image}: {@code uint16 [batch, channel=1, y, x]}, each side {@code minimum + k *
 *       2^depth} (the network's valid sizes).
 *   <li>Preprocessing: the card's normalization as the zoo's operations, {@code scale_range} with
 *       the percentiles (numpy's linear percentiles, as Tessera computes them) or {@code
 *       scale_linear} by the type's range.
 *   <li>Output {@code probabilities}: {@code float32 [batch, channel=classes, y, x]}, each side the
 *       input's minus twice the margin. The valid convolutions crop the margin inside the network,
 *       which the format documents as a negative size offset (a {@code halo} would ask consumers to
 *       crop it a second time).
 *   <li>Test tensors: a synthetic frame of the smallest tiling size and the model's output on it,
 *       computed through ONNX Runtime after the declared preprocessing.
 * </ul>
 */
public final class ZooExport {

  /** The zoo format this writer follows. */
  public static final String FORMAT_VERSION = "0.5.3";
  /** The file names written beside the model. */
  public static final String RDF = "rdf.yaml";
  public static final String TEST_INPUT = "test_input.npy";
  public static final String TEST_OUTPUT = "test_output.npy";
  /** The U-Net paper. */
  static final String UNET_DOI = "10.1007/978-3-319-24574-4_28";

  private ZooExport() {}

  /**
   * Writes the description of the model file {@code onnx} (in {@code dir}) and its test tensors.
   *
   * @param documentation a Markdown file in {@code dir} describing the model (written here with
   *     the card's facts when it does not exist)
   * @param license the SPDX identifier of the weights' licence
   */
  public static void write(Path dir, Path onnx, String documentation, String license) throws IOException {
    byte[] model = Files.readAllBytes(onnx);
    int side;
    float[] output;
    ModelCard card;
    short[] input;
    try (UNetModel m = UNetModel.load(model, ModelOptions.cpu())) {
      card = m.card();
      UNetGeometry g = card.geometry();
      side = g.minimumTilingInput();
      input = testImage(side);
      float[] normalized = Normalizer.apply(normalization(card.normalization(), input), uint16Bytes(input),
          PixelType.UINT16);
      int out = g.requireOutputSize(side);
      int classes = card.classCount();
      output = m.run(1, side, side, b -> b.put(0, normalized), b -> {
        float[] a = new float[classes * out * out];
        b.get(0, a);
        return a;
      });
    }
    UNetGeometry g = card.geometry();
    int out = g.requireOutputSize(side);
    Files.write(dir.resolve(TEST_INPUT), Npy.uint16(input, 1, 1, side, side));
    Files.write(dir.resolve(TEST_OUTPUT), Npy.float32(output, 1, card.classCount(), out, out));
    Path doc = dir.resolve(documentation);
    if (!Files.exists(doc)) {
      Files.writeString(doc, "# " + card.modelId() + "\n\nA depth-" + card.depth() + " U-Net (Ronneberger et al."
          + " 2015) trained by Tessera's trainer.\n\nTraining data: " + card.trainingData() + "\n\nValidation: "
          + card.validationMetrics() + "\n");
    }
    Files.writeString(dir.resolve(RDF), rdf(card, onnx.getFileName().toString(), sha256(model),
        sha256(Files.readAllBytes(dir.resolve(TEST_INPUT))), sha256(Files.readAllBytes(dir.resolve(TEST_OUTPUT))),
        documentation, license), StandardCharsets.UTF_8);
  }

  static String rdf(ModelCard card, String modelFile, String modelSha, String inputSha, String outputSha,
      String documentation, String license) {
    UNetGeometry g = card.geometry();
    int offset = -2 * g.margin();
    StringBuilder y = new StringBuilder();
    y.append("# BioImage Model Zoo description written by tessera export (format ").append(FORMAT_VERSION)
        .append(").\n");
    y.append("format_version: ").append(FORMAT_VERSION).append('\n');
    y.append("type: model\n");
    y.append("name: ").append(quote(card.modelId())).append('\n');
    y.append("description: ").append(quote("U-Net (depth " + card.depth() + ") for cell segmentation, trained and"
        + " exported by Tessera; classes " + String.join(", ", card.classNames()) + "; foreground class "
        + card.classNames().get(card.foregroundClass()) + "; cell separation: " + card.separation().format()))
        .append('\n');
    y.append("authors:\n  - name: Tessera trainer\n");
    y.append("cite:\n  - text: ").append(quote("Ronneberger, Fischer, Brox: U-Net: Convolutional Networks for"
        + " Biomedical Image Segmentation, MICCAI 2015")).append("\n    doi: ").append(UNET_DOI).append('\n');
    y.append("license: ").append(quote(license)).append('\n');
    y.append("documentation: ").append(quote(documentation)).append('\n');
    y.append("tags: [segmentation, unet, tessera]\n");
    y.append("timestamp: ").append(quote(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).append('\n');
    y.append("inputs:\n");
    y.append("  - id: image\n");
    y.append("    description: ").append(quote("one grey channel, raw pixel values")).append('\n');
    y.append("    axes:\n");
    y.append("      - type: batch\n");
    y.append("      - type: channel\n        channel_names: [raw]\n");
    for (String axis : List.of("y", "x")) {
      y.append("      - type: space\n        id: ").append(axis).append("\n        size: {min: ")
          .append(g.minimumInput()).append(", step: ").append(g.modulus()).append("}\n");
    }
    y.append("    data: {type: uint16}\n");
    y.append("    test_tensor: {source: ").append(TEST_INPUT).append(", sha256: ").append(inputSha).append("}\n");
    y.append("    preprocessing:\n");
    y.append("      - id: ensure_dtype\n        kwargs: {dtype: float32}\n");
    if (card.normalization() instanceof NormalizationSpec.Percentile p) {
      y.append(String.format(Locale.ROOT, "      - id: scale_range\n        kwargs: {axes: [y, x], min_percentile: %s,"
          + " max_percentile: %s, eps: 1.0e-6}\n", p.low(), p.high()));
    } else {
      y.append("      - id: scale_linear\n        kwargs: {gain: ").append(1.0 / 65535).append(", offset: 0.0}\n");
    }
    y.append("outputs:\n");
    y.append("  - id: probabilities\n");
    y.append("    description: ").append(quote("class probabilities (softmax); the output is smaller than the input by"
        + " the margin of " + g.margin() + " px on each side, cropped by the valid convolutions")).append('\n');
    y.append("    axes:\n");
    y.append("      - type: batch\n");
    y.append("      - type: channel\n        channel_names: [").append(String.join(", ", card.classNames()))
        .append("]\n");
    for (String axis : List.of("y", "x")) {
      y.append("      - type: space\n        id: ").append(axis).append("\n        size: {tensor_id: image, axis_id: ")
          .append(axis).append(", offset: ").append(offset).append("}\n");
    }
    y.append("    data: {type: float32}\n");
    y.append("    test_tensor: {source: ").append(TEST_OUTPUT).append(", sha256: ").append(outputSha).append("}\n");
    y.append("weights:\n");
    y.append("  onnx:\n");
    y.append("    source: ").append(quote(modelFile)).append('\n');
    y.append("    sha256: ").append(modelSha).append('\n');
    y.append("    opset_version: 17\n");
    y.append("config:\n  tessera:\n    model_id: ").append(quote(card.modelId())).append('\n');
    y.append("    normalization: ").append(quote(card.normalization().format())).append('\n');
    y.append("    cell_separation: ").append(quote(card.separation().format())).append('\n');
    if (card.hasForegroundThreshold()) {
      y.append("    foreground_threshold: ").append(card.foregroundThreshold()).append('\n');
    }
    return y.toString();
  }

  /** The card's normalization of a UINT16 image. */
  static Normalization normalization(NormalizationSpec spec, short[] image) {
    return Normalizer.compute(spec, uint16Bytes(image), PixelType.UINT16);
  }

  /** A deterministic test frame: bright blobs on a dim background with a gradient, as cells on a slide. */
  static short[] testImage(int side) {
    short[] img = new short[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double v = 400 + 3 * x + 2 * y;
        for (int k = 0; k < 9; k++) {
          double cx = side * (0.15 + 0.35 * (k % 3)), cy = side * (0.15 + 0.35 * (k / 3));
          double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          v += 3000 * Math.exp(-d2 / (2 * 12.0 * 12.0));
        }
        img[y * side + x] = (short) Math.min(65535, Math.round(v));
      }
    }
    return img;
  }

  static ByteBuffer uint16Bytes(short[] image) {
    ByteBuffer b = ByteBuffer.allocate(2 * image.length).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : image) {
      b.putShort(s);
    }
    return b.flip();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** NumPy's {@code .npy} format, version 1.0, little-endian C order. */
  static final class Npy {
    private Npy() {}

    static byte[] uint16(short[] data, int... shape) {
      ByteBuffer b = body("<u2", 2 * data.length, shape);
      for (short s : data) {
        b.putShort(s);
      }
      return b.array();
    }

    static byte[] float32(float[] data, int... shape) {
      ByteBuffer b = body("<f4", 4 * data.length, shape);
      for (float f : data) {
        b.putFloat(f);
      }
      return b.array();
    }

    private static ByteBuffer body(String descr, int dataBytes, int... shape) {
      StringBuilder dims = new StringBuilder();
      for (int d : shape) {
        dims.append(d).append(", ");
      }
      String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
      String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
      int unpadded = 10 + header.length() + 1; // magic, version, length, header, newline
      header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
      byte[] h = header.getBytes(StandardCharsets.US_ASCII);
      ByteBuffer b = ByteBuffer.allocate(10 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
      b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
      b.putShort((short) h.length).put(h);
      return b;
    }
  }
}
