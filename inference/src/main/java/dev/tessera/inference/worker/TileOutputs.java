package dev.tessera.inference.worker;

import dev.tessera.records.Region;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.Probabilities;
import dev.tessera.schemas.Rejection;
import dev.tessera.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.time.Instant;

/**
 * Post-processing of the network output: the tile's owned region only, each class quantized to
 * one byte ({@link Probabilities#quantize}), class-major planes of {@code owned.width *
 * owned.height} bytes, row-major; and the {@link TileMask} carrying it with its provenance.
 */
public final class TileOutputs {

  private TileOutputs() {}

  /**
   * The quantized owned region of item {@code index} of an output batch {@code [batch, classes,
   * outH, outW]}.
   */
  public static byte[] ownedProbabilities(FloatBuffer output, int index, int classes, int outH, int outW, Tile tile) {
    Region owned = tile.getOwned();
    int w = owned.getWidth();
    int h = owned.getHeight();
    byte[] out = new byte[classes * w * h];
    int plane = outH * outW;
    int o = 0;
    for (int c = 0; c < classes; c++) {
      int base = (index * classes + c) * plane;
      for (int y = 0; y < h; y++) {
        int row = base + (tile.getOwnedOffsetY() + y) * outW + tile.getOwnedOffsetX();
        for (int x = 0; x < w; x++) {
          out[o++] = Probabilities.quantize(output.get(row + x));
        }
      }
    }
    return out;
  }

  /**
   * The tile mask of a scored tile.
   *
   * @param tile the scored tile
   * @param probabilities its {@link #ownedProbabilities}
   * @param model which model scored it, where
   * @param batchSize tiles in the batch that scored it
   * @param inferenceMicros wall time of that batch
   * @param sourcePartition partition of the tile record in the tiles topic
   * @param sourceOffset offset of the tile record in the tiles topic
   * @param scoredAt when the batch finished
   */
  public static TileMask tileMask(Tile tile, byte[] probabilities, ModelInfo model, int batchSize, long inferenceMicros,
      int sourcePartition, long sourceOffset, Instant scoredAt) {
    return TileMask.newBuilder()
        .setAcquisitionId(tile.getAcquisitionId())
        .setFrameIndex(tile.getFrameIndex())
        .setTileIndex(tile.getTileIndex())
        .setTileCount(tile.getTileCount())
        .setGridColumns(tile.getGridColumns())
        .setGridRows(tile.getGridRows())
        .setFrameWidth(tile.getFrameWidth())
        .setFrameHeight(tile.getFrameHeight())
        .setOwned(Region.newBuilder(tile.getOwned()).build())
        .setGeometryId(tile.getGeometryId())
        .setClassCount(model.classCount())
        .setProbabilities(ByteBuffer.wrap(probabilities))
        .setModelId(model.modelId())
        .setModelSha256(model.sha256())
        .setDevice(model.device())
        .setBatchSize(batchSize)
        .setInferenceMicros(inferenceMicros)
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setCapturedAt(tile.getCapturedAt())
        .setTiledAt(tile.getTiledAt())
        .setScoredAt(scoredAt)
        .build();
  }

  /**
   * The tile mask that tells the stitcher a tile could not be scored: no probabilities, {@code
   * failure} set to the dead letter's error type and reason, the frame's geometry where the tile
   * could be decoded (zeros where it could not). The stitcher then closes the frame at once with a
   * dead letter naming the failed tile, instead of waiting for a timeout.
   */
  public static TileMask failed(Topics.TileId id, Tile tile, ModelInfo model, Rejection why, Instant scoredAt) {
    Region none = Region.newBuilder().setX(0).setY(0).setWidth(0).setHeight(0).build();
    return TileMask.newBuilder()
        .setAcquisitionId(id.acquisitionId())
        .setFrameIndex(id.frameIndex())
        .setTileIndex(id.tileIndex())
        .setTileCount(tile == null ? 0 : tile.getTileCount())
        .setGridColumns(tile == null ? 0 : tile.getGridColumns())
        .setGridRows(tile == null ? 0 : tile.getGridRows())
        .setFrameWidth(tile == null ? 0 : tile.getFrameWidth())
        .setFrameHeight(tile == null ? 0 : tile.getFrameHeight())
        .setOwned(tile == null ? none : Region.newBuilder(tile.getOwned()).build())
        .setGeometryId(tile == null ? "" : tile.getGeometryId())
        .setClassCount(0)
        .setProbabilities(ByteBuffer.allocate(0))
        .setModelId(model.modelId())
        .setModelSha256(model.sha256())
        .setDevice(model.device())
        .setBatchSize(0)
        .setInferenceMicros(0)
        .setCapturedAt(tile == null ? Instant.EPOCH : tile.getCapturedAt())
        .setTiledAt(tile == null ? Instant.EPOCH : tile.getTiledAt())
        .setScoredAt(scoredAt)
        .setFailure(why.errorType().code() + ": " + why.reason())
        .build();
  }

  /**
   * What a tile mask says about the model that produced it.
   *
   * @param modelId the card's model id
   * @param sha256 hex SHA-256 of the model bytes
   * @param device {@code cpu} or {@code cuda:<id>}
   * @param classCount output classes
   */
  public record ModelInfo(String modelId, String sha256, String device, int classCount) {}
}
