package dev.tessera.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro record type, in Avro single-object encoding: the marker
 * {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then the
 * binary body. Any Avro library can read these values; a reader resolves older writer schemas
 * through {@link SchemaHistory}.
 *
 * <p>Decoding bytes that are not single-object Avro, or that carry a fingerprint no known schema
 * has, raises a {@link SerializationException} naming the record type, what was found and what was
 * expected, so a dead letter says why a record was rejected.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final Schema schema;
  private final long fingerprint;
  private final BinaryMessageEncoder<T> encoder;
  private final SpecificData model;
  private final SchemaStore.Cache writers = new SchemaStore.Cache();
  private final Map<Long, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

  private AvroSerde(Class<T> type) {
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.model = new SpecificData(type.getClassLoader());
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    writers.addSchema(schema);
    SchemaHistory.writerSchemasOf(schema.getFullName()).forEach(writers::addSchema);
  }

  /** A serde for {@code type}, which must be a class generated from the project's schemas. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  /** The record type this serde reads and writes. */
  public Class<T> type() {
    return type;
  }

  /** CRC-64-AVRO fingerprint of the schema this serde writes. */
  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(data);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot encode a " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    String name = type.getSimpleName();
    if (data.length < HEADER_LENGTH || data[0] != (byte) 0xC3 || data[1] != (byte) 0x01) {
      throw new SerializationException(
          "Cannot decode a " + name + " from " + where(topic) + ": " + data.length
              + " bytes starting " + hexPrefix(data)
              + " are not Avro single-object encoding (expected the marker C3 01 and an 8-byte schema"
              + " fingerprint, then the body)");
    }
    long writerFingerprint = readFingerprint(data);
    SpecificDatumReader<T> reader = readers.computeIfAbsent(writerFingerprint, fp -> {
      Schema writer = writers.findByFingerprint(fp);
      return writer == null ? null : new SpecificDatumReader<>(writer, schema, model);
    });
    if (reader == null) {
      throw new SerializationException(
          "Cannot decode a " + name + " from " + where(topic) + ": unknown writer schema fingerprint "
              + fingerprintHex(writerFingerprint) + "; expected " + fingerprintHex(fingerprint)
              + " (" + schema.getFullName() + ") or a fingerprint of an earlier release of it");
    }
    try {
      // Bounded by the body's own length: a corrupt length prefix cannot make Avro allocate more.
      int bodyLength = data.length - HEADER_LENGTH;
      BinaryDecoder body = DecoderFactory.get().binaryDecoder(data, HEADER_LENGTH, bodyLength, null);
      return reader.read(null, new BoundedDecoder(body, bodyLength));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot decode a " + name + " from " + where(topic) + " (writer fingerprint "
              + fingerprintHex(writerFingerprint) + "): the body is corrupt or truncated: "
              + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: the record type fixes the schema.
  }

  @Override
  public void close() {
    // Stateless: the encoder and decoder hold no resources.
  }

  /**
   * The fingerprint as 16 lower-case hex digits of its value, most significant first (on the wire
   * the same 8 bytes are written least significant first).
   */
  public static String fingerprintHex(long fingerprint) {
    return String.format("%016x", fingerprint);
  }

  private static long readFingerprint(byte[] data) {
    return ByteBuffer.wrap(data, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static String where(String topic) {
    return topic == null ? "bytes" : "topic " + topic;
  }

  private static String hexPrefix(byte[] data) {
    int n = Math.min(data.length, 8);
    return n == 0 ? "(empty)" : HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data, 0, n);
  }

  /** Loads a schema from the classpath; used for release fixtures. */
  static Schema parseResource(String resource) {
    try (InputStream in = AvroSerde.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Schema resource " + resource + " is missing from the classpath");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
