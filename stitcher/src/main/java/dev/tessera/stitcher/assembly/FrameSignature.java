package dev.tessera.stitcher.assembly;

import dev.tessera.records.TileMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every tile mask of one frame must agree on: its geometry (tile count, grid, frame size,
 * tile-geometry id, class count) and the model that scored it.
 *
 * @param tileCount tiles in the frame
 * @param gridColumns tile grid columns
 * @param gridRows tile grid rows
 * @param frameWidth frame columns
 * @param frameHeight frame rows
 * @param geometryId the tile geometry the tiles were cut for, e.g. {@code unet-d4/in572/m92}
 * @param classCount probability planes per tile
 * @param modelId the scoring model's id
 * @param modelSha256 the scoring model's SHA-256
 */
public record FrameSignature(int tileCount, int gridColumns, int gridRows, int frameWidth, int frameHeight,
    String geometryId, int classCount, String modelId, String modelSha256) {

  public FrameSignature {
    Objects.requireNonNull(geometryId, "geometryId");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelSha256, "modelSha256");
  }

  /** The signature a tile mask claims for its frame. */
  public static FrameSignature of(TileMask tile) {
    return new FrameSignature(tile.getTileCount(), tile.getGridColumns(), tile.getGridRows(),
        tile.getFrameWidth(), tile.getFrameHeight(), tile.getGeometryId(), tile.getClassCount(),
        tile.getModelId(), tile.getModelSha256());
  }

  /**
   * How {@code other}'s geometry differs from this one, one phrase per field ({@code "grid 3x2
   * instead of 2x2"}), empty when the geometries agree. The model is compared by
   * {@link #sameModel(FrameSignature)}.
   */
  public List<String> geometryDifferences(FrameSignature other) {
    List<String> diffs = new ArrayList<>();
    if (other.tileCount != tileCount) {
      diffs.add("tile count " + other.tileCount + " instead of " + tileCount);
    }
    if (other.gridColumns != gridColumns || other.gridRows != gridRows) {
      diffs.add("grid " + other.gridColumns + "x" + other.gridRows + " instead of " + gridColumns + "x" + gridRows);
    }
    if (other.frameWidth != frameWidth || other.frameHeight != frameHeight) {
      diffs.add("frame " + other.frameWidth + "x" + other.frameHeight + " instead of " + frameWidth + "x" + frameHeight);
    }
    if (!other.geometryId.equals(geometryId)) {
      diffs.add("geometry " + other.geometryId + " instead of " + geometryId);
    }
    if (other.classCount != classCount) {
      diffs.add("class count " + other.classCount + " instead of " + classCount);
    }
    return diffs;
  }

  /** Whether {@code other} names the same model id and SHA-256. */
  public boolean sameModel(FrameSignature other) {
    return modelId.equals(other.modelId) && modelSha256.equals(other.modelSha256);
  }

  /** {@code id (sha256 abcdef012345...)}, for messages. */
  public String modelName() {
    return modelId + " (sha256 " + modelSha256 + ")";
  }
}
