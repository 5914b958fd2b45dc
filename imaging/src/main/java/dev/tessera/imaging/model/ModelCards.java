package dev.tessera.imaging.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes {@link ModelCard}s in ONNX files' {@code metadata_props} with the ONNX protobuf
 * classes alone, so the tiler learns a model's geometry and normalization without loading ONNX
 * Runtime or the weights.
 *
 * <p>Reading streams the file and parses only the {@code metadata_props} entries; the graph, which
 * holds the weights (over 100 MB for a width-64 U-Net), is skipped rather than materialized.
 */
public final class ModelCards {

  private ModelCards() {}

  /**
   * The card of the ONNX model at {@code onnxFile}.
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable, not an ONNX
   *     model, or its metadata is not a valid Tessera card
   */
  public static ModelCard read(Path onnxFile) {
    Map<String, String> metadata = readMetadata(onnxFile);
    try {
      return ModelCard.fromMetadata(metadata);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Model " + onnxFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code metadata_props} of the ONNX model at {@code onnxFile}, in file order.
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable or not an ONNX
   *     model
   */
  public static Map<String, String> readMetadata(Path onnxFile) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(onnxFile), 1 << 16)) {
      return readMetadata(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Model file " + onnxFile + " does not exist", e);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Model file " + onnxFile + " is not an ONNX model (protobuf ModelProto): "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read model file " + onnxFile + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Model file " + onnxFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code metadata_props} of a serialized ONNX {@code ModelProto}.
   *
   * @throws InvalidProtocolBufferException when the bytes are not a ModelProto (including bytes
   *     that parse as protobuf but carry neither an IR version nor a graph)
   * @throws IllegalArgumentException when a key appears twice, which ONNX does not allow
   */
  public static Map<String, String> readMetadata(InputStream in) throws IOException {
    CodedInputStream coded = CodedInputStream.newInstance(in);
    coded.setSizeLimit(Integer.MAX_VALUE);
    Map<String, String> metadata = new LinkedHashMap<>();
    boolean looksLikeModel = false;
    while (true) {
      int tag = coded.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (field == OnnxMl.ModelProto.METADATA_PROPS_FIELD_NUMBER
          && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        OnnxMl.StringStringEntryProto entry = OnnxMl.StringStringEntryProto.parseFrom(coded.readBytes());
        if (metadata.put(entry.getKey(), entry.getValue()) != null) {
          throw new IllegalArgumentException("ONNX metadata_props holds the key " + entry.getKey() + " twice");
        }
      } else {
        looksLikeModel |= field == OnnxMl.ModelProto.IR_VERSION_FIELD_NUMBER
            || field == OnnxMl.ModelProto.GRAPH_FIELD_NUMBER;
        coded.skipField(tag);
      }
    }
    if (!looksLikeModel) {
      throw new InvalidProtocolBufferException("it has neither an ir_version nor a graph");
    }
    return metadata;
  }

  /** The card of an in-memory model. */
  public static ModelCard fromModel(OnnxMl.ModelProto model) {
    Map<String, String> metadata = new LinkedHashMap<>();
    model.getMetadataPropsList().forEach(e -> metadata.put(e.getKey(), e.getValue()));
    return ModelCard.fromMetadata(metadata);
  }

  /**
   * A copy of {@code model} whose {@code tessera.*} metadata is exactly {@code card}'s; other
   * metadata entries are kept.
   */
  public static OnnxMl.ModelProto withCard(OnnxMl.ModelProto model, ModelCard card) {
    OnnxMl.ModelProto.Builder builder = model.toBuilder().clearMetadataProps();
    model.getMetadataPropsList().stream()
        .filter(e -> !e.getKey().startsWith("tessera."))
        .forEach(builder::addMetadataProps);
    card.toMetadata().forEach((key, value) -> builder.addMetadataProps(
        OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return builder.build();
  }
}
