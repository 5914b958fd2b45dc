package dev.tessera.schemas;

import dev.tessera.records.Cell;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.Normalization;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.PixelType;
import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small, fully populated records of every type, shared by the schema tests. */
final class SampleRecords {

  static final Instant CAPTURED = Instant.parse("2026-11-21T10:15:30.123Z");
  static final Instant TILED = CAPTURED.plusMillis(40);
  static final Instant SCORED = CAPTURED.plusMillis(350);

  private SampleRecords() {}

  /** A 3x2 UINT16 frame with every optional field set. */
  static Frame frameWithOptionals() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("objective", "40x/1.3 oil");
    attributes.put("channel", "GFP");
    return Frame.newBuilder()
        .setAcquisitionId("acq-2026-11-21")
        .setFrameIndex(17L)
        .setT(4)
        .setZ(2)
        .setC(1)
        .setWidth(3)
        .setHeight(2)
        .setPixelType(PixelType.UINT16)
        .setPixels(ByteBuffer.wrap(Pixels.fromUint16(new int[] {0, 1, 255, 256, 4095, 65535})))
        .setCapturedAt(CAPTURED)
        .setPixelSizeMicrons(0.1625)
        .setAttributes(attributes)
        .build();
  }

  /** A 2x2 UINT8 frame leaving every optional field at its default. */
  static Frame frameWithoutOptionals() {
    return Frame.newBuilder()
        .setAcquisitionId("acq-plain")
        .setFrameIndex(0L)
        .setWidth(2)
        .setHeight(2)
        .setPixelType(PixelType.UINT8)
        .setPixels(ByteBuffer.wrap(new byte[] {0, 10, (byte) 200, (byte) 255}))
        .setCapturedAt(CAPTURED)
        .build();
  }

  /** A frame of {@code width x height} UINT16 pixels drawn from a seeded generator. */
  static Frame randomUint16Frame(String acquisitionId, long frameIndex, int width, int height, long seed) {
    byte[] pixels = new byte[width * height * 2];
    new Random(seed).nextBytes(pixels);
    return Frame.newBuilder()
        .setAcquisitionId(acquisitionId)
        .setFrameIndex(frameIndex)
        .setT((int) frameIndex)
        .setZ(0)
        .setC(0)
        .setWidth(width)
        .setHeight(height)
        .setPixelType(PixelType.UINT16)
        .setPixels(ByteBuffer.wrap(pixels))
        .setCapturedAt(CAPTURED.plusSeconds(frameIndex))
        .setPixelSizeMicrons(0.65)
        .setAttributes(Map.of("source", "LargeFrameRoundTripIT", "seed", Long.toString(seed)))
        .build();
  }

  /** A corner tile whose input reaches into the mirror (negative origin). */
  static Tile tile() {
    return Tile.newBuilder()
        .setAcquisitionId("acq-2026-11-21")
        .setFrameIndex(17L)
        .setTileIndex(5)
        .setTileCount(12)
        .setGridColumns(4)
        .setGridRows(3)
        .setFrameWidth(1500)
        .setFrameHeight(1100)
        .setInputX(-92)
        .setInputY(296)
        .setInputWidth(4)
        .setInputHeight(2)
        .setOwned(new Region(0, 388, 388, 388))
        .setOwnedOffsetX(0)
        .setOwnedOffsetY(0)
        .setPixelType(PixelType.FLOAT32)
        .setPixels(ByteBuffer.wrap(Pixels.fromFloats(
            new float[] {0f, -1.5f, 3.25f, 1e-7f, 65535f, Float.MAX_VALUE, -0f, 0.5f}, PixelType.FLOAT32)))
        .setNormalization(new Normalization("percentile(1.0,99.8)", 112.0, 1.0 / 3800.0))
        .setGeometryId("unet-d4/in572/m92")
        .setSourcePartition(2)
        .setSourceOffset(12345L)
        .setCapturedAt(CAPTURED)
        .setTiledAt(TILED)
        .build();
  }

  static TileMask tileMask() {
    return TileMask.newBuilder()
        .setAcquisitionId("acq-2026-11-21")
        .setFrameIndex(17L)
        .setTileIndex(5)
        .setTileCount(12)
        .setGridColumns(4)
        .setGridRows(3)
        .setFrameWidth(1500)
        .setFrameHeight(1100)
        .setOwned(new Region(0, 388, 2, 2))
        .setGeometryId("unet-d4/in572/m92")
        .setClassCount(2)
        // Two class planes of 2x2, class-major.
        .setProbabilities(ByteBuffer.wrap(new byte[] {(byte) 255, 0, (byte) 128, 3, 0, (byte) 255, 127, (byte) 252}))
        .setModelId("unet-isbi-w32")
        .setModelSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setDevice("cpu")
        .setBatchSize(1)
        .setInferenceMicros(812_345L)
        .setSourcePartition(4)
        .setSourceOffset(77L)
        .setCapturedAt(CAPTURED)
        .setTiledAt(TILED)
        .setScoredAt(SCORED)
        .build();
  }

  /** A 3x2 mask with two instances. */
  static Mask maskWithInstances() {
    return Mask.newBuilder()
        .setAcquisitionId("acq-2026-11-21")
        .setFrameIndex(17L)
        .setWidth(3)
        .setHeight(2)
        .setClassNames(List.of("background", "cell"))
        .setClassLabels(ByteBuffer.wrap(new byte[] {0, 1, 1, 0, 1, 0}))
        .setForeground(ByteBuffer.wrap(new byte[] {3, (byte) 250, (byte) 240, 9, (byte) 201, 0}))
        .setInstanceCount(2)
        .setInstances(ByteBuffer.wrap(Pixels.fromUint16(new int[] {0, 1, 1, 0, 2, 0})))
        .setModelId("unet-isbi-w32")
        .setModelSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setGeometryId("unet-d4/in572/m92")
        .setTileCount(12)
        .setCapturedAt(CAPTURED)
        .setTiledAt(TILED)
        .setFirstScoredAt(CAPTURED.plusMillis(120))
        .setLastScoredAt(SCORED)
        .setStitchedAt(SCORED.plusMillis(15))
        .build();
  }

  static ObjectTable objectTableWithTwoCells() {
    return ObjectTable.newBuilder()
        .setAcquisitionId("acq-2026-11-21")
        .setFrameIndex(17L)
        .setWidth(3)
        .setHeight(2)
        .setModelId("unet-isbi-w32")
        .setCapturedAt(CAPTURED)
        .setCells(List.of(
            new Cell(1, 2, 1.5, 0.0, new Region(1, 0, 2, 1), 0.96862745f),
            new Cell(2, 1, 1.0, 1.0, new Region(1, 1, 1, 1), 0.7882353f)))
        .build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setStage("tiler")
        .setSourceTopic("tessera.frames")
        .setSourcePartition(1)
        .setSourceOffset(4711L)
        .setKey("acq-2026-11-21")
        .setErrorType("invalid-frame")
        .setReason("3x2 UINT16 needs 12 bytes of pixels, got 11")
        .setFailedAt(SCORED)
        .setOriginalSize(5L)
        .setOriginal(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}))
        .setOriginalReference(null)
        .build();
  }
}
