package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.records.Frame;
import dev.tessera.records.Tile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

  private static final String TOPIC = "tessera.frames";

  static Stream<Named<SpecificRecord>> everyRecordType() {
    return Stream.of(
        Named.of("Frame with t, z, c, pixel size and attributes", SampleRecords.frameWithOptionals()),
        Named.of("Frame without optional fields", SampleRecords.frameWithoutOptionals()),
        Named.of("Tile reaching into the mirror", SampleRecords.tile()),
        Named.of("TileMask with two class planes", SampleRecords.tileMask()),
        Named.of("Mask with instances", SampleRecords.maskWithInstances()),
        Named.of("ObjectTable with two cells", SampleRecords.objectTableWithTwoCells()),
        Named.of("DeadLetter with a copied original", SampleRecords.deadLetter()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRecordType")
  void roundTripsEveryRecordTypeThroughSingleObjectEncoding(SpecificRecord record) {
    AvroSerde<SpecificRecord> serde = serdeFor(record);

    byte[] bytes = serde.serialize(TOPIC, record);
    SpecificRecord decoded = serde.deserialize(TOPIC, bytes);

    assertThat(decoded).isInstanceOf(record.getClass()).isEqualTo(record);
    long fingerprint = SchemaNormalization.parsingFingerprint64(record.getSchema());
    byte[] expectedHeader = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).array();
    assertThat(Arrays.copyOf(bytes, 10)).containsExactly(expectedHeader);
    assertThat(bytes.length).isGreaterThan(10);
    assertThat(serde.fingerprint()).isEqualTo(fingerprint);
  }

  @Test
  void writesTheFingerprintLeastSignificantByteFirst() {
    AvroSerde<Frame> serde = AvroSerde.of(Frame.class);
    long fingerprint = serde.fingerprint();

    byte[] bytes = serde.serialize(TOPIC, SampleRecords.frameWithOptionals());

    for (int i = 0; i < 8; i++) {
      assertThat(bytes[2 + i]).as("fingerprint byte %d", i).isEqualTo((byte) (fingerprint >>> (8 * i)));
    }
  }

  @Test
  void decodesTheSamePixelsWithoutConsumingTheRecordsBuffer() {
    AvroSerde<Frame> serde = AvroSerde.of(Frame.class);
    Frame frame = SampleRecords.frameWithOptionals();

    byte[] first = serde.serialize(TOPIC, frame);
    byte[] second = serde.serialize(TOPIC, frame);

    assertThat(second).containsExactly(first);
    assertThat(frame.getPixels().remaining()).isEqualTo(12);
  }

  @Test
  void rejectsJsonBytesWithoutTheSingleObjectMarker() {
    byte[] json = "{\"acquisitionId\":\"acq-1\",\"frameIndex\":3}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize(TOPIC, json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot decode a Frame from topic tessera.frames")
        .hasMessageContaining(json.length + " bytes starting 7B 22 61 63 71 75 69 73")
        .hasMessageContaining("are not Avro single-object encoding")
        .hasMessageContaining("expected the marker C3 01");
  }

  @Test
  void rejectsRandomBytesWithoutTheSingleObjectMarker() {
    byte[] random = new byte[64];
    new Random(20261121L).nextBytes(random);
    assertThat(random[0] == (byte) 0xC3 && random[1] == 0x01).as("seed gives no marker").isFalse();

    assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize(TOPIC, random))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Frame")
        .hasMessageContaining("64 bytes starting")
        .hasMessageContaining("expected the marker C3 01");
  }

  @Test
  void rejectsBytesTooShortForTheHeaderEvenWithTheMarker() {
    byte[] markerOnly = {(byte) 0xC3, 0x01, 0x00};

    assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize(null, markerOnly))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot decode a Frame from bytes: 3 bytes starting C3 01 00")
        .hasMessageContaining("expected the marker C3 01 and an 8-byte schema fingerprint");
  }

  @Test
  void rejectsEmptyBytes() {
    assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize(TOPIC, new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("0 bytes starting (empty)");
  }

  @Test
  void rejectsAnUnknownFingerprintNamingFoundAndExpectedFingerprints() {
    long unknown = 0x0123456789ABCDEFL;
    byte[] bytes = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3).put((byte) 0x01).putLong(unknown).array();
    String expected = String.format("%016x", SchemaNormalization.parsingFingerprint64(Frame.getClassSchema()));

    assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot decode a Frame from topic tessera.frames")
        .hasMessageContaining("unknown writer schema fingerprint 0123456789abcdef")
        .hasMessageContaining("expected " + expected + " (dev.tessera.records.Frame)");
  }

  @Test
  void rejectsATruncatedBody() {
    byte[] whole = AvroSerde.of(Frame.class).serialize(TOPIC, SampleRecords.frameWithOptionals());
    byte[] truncated = Arrays.copyOf(whole, 10 + (whole.length - 10) / 2);

    assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot decode a Frame from topic tessera.frames")
        .hasMessageContaining("the body is corrupt or truncated");
  }

  /**
   * A poison pill: 20 bytes whose first string announces 2^30 bytes. Avro would allocate that much
   * (an OutOfMemoryError in every stage that reads the record, measured before this check); the
   * decoder refuses any length larger than the record before allocating.
   */
  @Test
  void rejectsAHugeLengthPrefixWithoutAllocatingIt() {
    byte[] whole = AvroSerde.of(Frame.class).serialize(TOPIC, SampleRecords.frameWithOptionals());
    byte[] poison = Arrays.copyOf(whole, 20);
    long zigzag = (1L << 30) << 1;
    int i = 10;
    while ((zigzag & ~0x7FL) != 0) {
      poison[i++] = (byte) ((zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    poison[i] = (byte) zigzag;
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();

    assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize(TOPIC, poison))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("the body is corrupt or truncated")
        .hasMessageContaining("a string of 1073741824 bytes cannot be in a record of 10 bytes");
    assertThat(rt.totalMemory() - rt.freeMemory() - before).as("heap grown by the attempt").isLessThan(64L << 20);
  }

  @Test
  void rejectsAHeaderWithoutABody() {
    byte[] whole = AvroSerde.of(Frame.class).serialize(TOPIC, SampleRecords.frameWithOptionals());
    byte[] headerOnly = Arrays.copyOf(whole, 10);

    assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize(TOPIC, headerOnly))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("the body is corrupt or truncated");
  }

  @Test
  void rejectsATilesBytesReadAsAFrameBecauseTheFingerprintsDiffer() {
    AvroSerde<Tile> tiles = AvroSerde.of(Tile.class);
    AvroSerde<Frame> frames = AvroSerde.of(Frame.class);
    assertThat(tiles.fingerprint()).isNotEqualTo(frames.fingerprint());
    byte[] tileBytes = tiles.serialize("tessera.tiles", SampleRecords.tile());

    assertThatThrownBy(() -> frames.deserialize("tessera.tiles", tileBytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot decode a Frame from topic tessera.tiles")
        .hasMessageContaining("unknown writer schema fingerprint " + AvroSerde.fingerprintHex(tiles.fingerprint()))
        .hasMessageContaining("expected " + AvroSerde.fingerprintHex(frames.fingerprint()));
  }

  @Test
  void mapsNullToNullBothWays() {
    AvroSerde<Frame> serde = AvroSerde.of(Frame.class);

    assertThat(serde.serialize(TOPIC, null)).isNull();
    assertThat(serde.deserialize(TOPIC, null)).isNull();
  }

  @Test
  void isItsOwnSerializerAndDeserializer() {
    AvroSerde<Frame> serde = AvroSerde.of(Frame.class);

    assertThat(serde.serializer()).isSameAs(serde);
    assertThat(serde.deserializer()).isSameAs(serde);
    assertThat(serde.type()).isEqualTo(Frame.class);
  }

  @Test
  void formatsFingerprintsAsSixteenLowerCaseHexDigits() {
    assertThat(AvroSerde.fingerprintHex(0x00000000000000ABL)).isEqualTo("00000000000000ab");
    assertThat(AvroSerde.fingerprintHex(-1L)).isEqualTo("ffffffffffffffff");
  }

  @SuppressWarnings("unchecked")
  private static AvroSerde<SpecificRecord> serdeFor(SpecificRecord record) {
    return AvroSerde.of((Class<SpecificRecord>) record.getClass());
  }
}
