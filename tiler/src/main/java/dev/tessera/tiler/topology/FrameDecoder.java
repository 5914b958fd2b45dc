package dev.tessera.tiler.topology;

import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes frame records with the topic's serde and, when that fails, says why in terms a person
 * knows. Avro reports a pixel type it does not know as "Index 3 out of bounds for length 3"; this
 * decoder re-reads such a record with the pixel type as a plain number and names it instead.
 */
final class FrameDecoder {

  private static final int HEADER_LENGTH = 10;
  private static final String PIXEL_TYPE = "pixelType";
  private static final Schema LENIENT = withPixelTypeAsInt(Frame.getClassSchema());
  private static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(Frame.getClassSchema());

  private final Deserializer<Frame> deserializer;

  FrameDecoder(Deserializer<Frame> deserializer) {
    this.deserializer = deserializer;
  }

  /**
   * The frame in {@code bytes}.
   *
   * @throws SerializationException with a reason for a person when the bytes are not a Frame
   */
  Frame decode(String topic, byte[] bytes) {
    try {
      return deserializer.deserialize(topic, bytes);
    } catch (SerializationException e) {
      String unknownType = unknownPixelType(bytes);
      if (unknownType != null) {
        throw new SerializationException(unknownType, e);
      }
      throw e;
    }
  }

  /** The reason when {@code bytes} are a current-schema Frame except for an unknown pixel type, else null. */
  private static String unknownPixelType(byte[] bytes) {
    if (bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01
        || ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != FINGERPRINT) {
      return null;
    }
    try {
      GenericRecord frame = new GenericDatumReader<GenericRecord>(LENIENT)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null));
      int index = (Integer) frame.get(PIXEL_TYPE);
      List<String> symbols = PixelType.getClassSchema().getEnumSymbols();
      if (index >= 0 && index < symbols.size()) {
        return null;
      }
      return "Frame " + frame.get("acquisitionId") + "/" + frame.get("frameIndex") + " has pixel type number "
          + index + ", but the pixel types are " + String.join(", ", symbols) + " (0 to " + (symbols.size() - 1)
          + "): was it written with a newer Frame schema than this tiler knows?";
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The Frame schema with its pixel type read as the int that encodes an Avro enum. */
  private static Schema withPixelTypeAsInt(Schema frame) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : frame.getFields()) {
      fields.add(f.name().equals(PIXEL_TYPE) ? new Schema.Field(f, Schema.create(Schema.Type.INT))
          : new Schema.Field(f, f.schema()));
    }
    return Schema.createRecord(frame.getName(), frame.getDoc(), frame.getNamespace(), false, fields);
  }
}
