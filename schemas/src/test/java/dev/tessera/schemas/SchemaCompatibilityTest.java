package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema evolution (DESIGN.md section 2): every current schema reads data written with every
 * released schema of the same record.
 */
class SchemaCompatibilityTest {

  static Stream<Named<Schema>> releasedSchemas() {
    return SchemaHistory.all().stream().map(s -> Named.of(s.getFullName(), s));
  }

  @ParameterizedTest(name = "current {0} reads the released one")
  @MethodSource("releasedSchemas")
  void currentSchemaReadsEveryReleasedSchemaOfTheSameRecord(Schema released) {
    Schema current = currentSchemaOf(released.getFullName());

    SchemaPairCompatibility result = compatibility(current, released);

    assertThat(result.getType())
        .as("%s: %s", released.getFullName(), result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void historyHoldsAllSixRecordTypes() {
    List<String> names = SchemaHistory.all().stream().map(Schema::getFullName).toList();

    assertThat(names).containsExactlyInAnyOrder(
        "dev.tessera.records.Frame",
        "dev.tessera.records.Tile",
        "dev.tessera.records.TileMask",
        "dev.tessera.records.Mask",
        "dev.tessera.records.ObjectTable",
        "dev.tessera.records.DeadLetter");
  }

  @Test
  void writerSchemasOfSelectsOnlyTheNamedRecord() {
    List<Schema> frames = SchemaHistory.writerSchemasOf("dev.tessera.records.Frame");

    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).getFullName()).isEqualTo("dev.tessera.records.Frame");
    assertThat(SchemaHistory.writerSchemasOf("dev.tessera.records.Nothing")).isEmpty();
  }

  @Test
  void aNewRequiredFieldWithoutDefaultIsReportedIncompatible() {
    Schema released = SchemaHistory.writerSchemasOf("dev.tessera.records.Frame").get(0);
    Schema frameWithRequiredExposure = withExtraField(Frame.getClassSchema(),
        new Schema.Field("exposureMicros", Schema.create(Schema.Type.LONG)));

    SchemaPairCompatibility result = compatibility(frameWithRequiredExposure, released);

    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(result.getResult().getIncompatibilities())
        .anySatisfy(i -> assertThat(i.getMessage()).contains("exposureMicros"));
  }

  @Test
  void aNewFieldWithADefaultStaysCompatible() {
    Schema released = SchemaHistory.writerSchemasOf("dev.tessera.records.Frame").get(0);
    Schema frameWithDefaultedExposure = withExtraField(Frame.getClassSchema(),
        new Schema.Field("exposureMicros", Schema.create(Schema.Type.LONG), null, -1L));

    assertThat(compatibility(frameWithDefaultedExposure, released).getType())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void aValueWrittenWithTheFirstReleaseFrameSchemaDecodesAsTheCurrentFrame() throws Exception {
    Schema released = SchemaHistory.writerSchemasOf("dev.tessera.records.Frame").get(0);
    Schema pixelType = released.getField("pixelType").schema();
    GenericRecord written = new GenericRecordBuilder(released)
        .set("acquisitionId", "acq-release-1")
        .set("frameIndex", 9L)
        .set("t", 3)
        .set("z", null)
        .set("c", 2)
        .set("width", 2)
        .set("height", 1)
        .set("pixelType", new GenericData.EnumSymbol(pixelType, "UINT16"))
        .set("pixels", ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x34, 0x12}))
        .set("capturedAt", SampleRecords.CAPTURED.toEpochMilli())
        .set("pixelSizeMicrons", 0.325)
        .set("attributes", Map.of("scope", "release-1"))
        .build();
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(written);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);

    Frame frame = AvroSerde.of(Frame.class).deserialize("tessera.frames", bytes);

    assertThat(frame).isEqualTo(Frame.newBuilder()
        .setAcquisitionId("acq-release-1")
        .setFrameIndex(9L)
        .setT(3)
        .setZ(null)
        .setC(2)
        .setWidth(2)
        .setHeight(1)
        .setPixelType(PixelType.UINT16)
        .setPixels(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x34, 0x12}))
        .setCapturedAt(SampleRecords.CAPTURED)
        .setPixelSizeMicrons(0.325)
        .setAttributes(Map.of("scope", "release-1"))
        .build());
    assertThat(Pixels.toUint16(frame.getPixels())).containsExactly(65535, 0x1234);
  }

  /** The one compatibility rule: can a reader with {@code reader} read data written with {@code writer}? */
  private static SchemaPairCompatibility compatibility(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
  }

  /** The schema of the generated class with this full name, as the code compiled now sees it. */
  private static Schema currentSchemaOf(String fullName) {
    Class<?> type = SpecificData.get().getClass(Schema.createRecord(fullName, null, null, false, List.of()));
    assertThat(type).as("generated class for %s", fullName).isNotNull();
    assertThat(type.getName()).isEqualTo(fullName);
    return SpecificData.get().getSchema(type);
  }

  private static Schema withExtraField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(extra);
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
