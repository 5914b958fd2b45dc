package dev.tessera.inference.worker;

/**
 * Why a tile cannot be scored: a stable machine-readable kind (the dead letter's {@code
 * errorType}) and a reason for a person.
 *
 * @param errorType one of the constants below
 * @param reason what is wrong, naming the values involved
 */
public record Rejection(String errorType, String reason) {

  /** The value is not a single-object-encoded Tile. */
  public static final String DESERIALIZATION = "deserialization";
  /** A record without value (a tombstone) on the tiles topic. */
  public static final String NULL_VALUE = "null-value";
  /** The tile's input size is not one the model accepts. */
  public static final String INVALID_TILE_SIZE = "invalid-tile-size";
  /** The tile was cut for another network geometry (depth or margin). */
  public static final String GEOMETRY_MISMATCH = "geometry-mismatch";
  /** Pixel bytes do not match the declared size and type, or FLOAT32 pixels are NaN or infinite. */
  public static final String INVALID_PIXELS = "invalid-pixels";
  /** The tile's normalization offset or scale is not a finite number. */
  public static final String INVALID_NORMALIZATION = "invalid-normalization";
  /** The owned region does not lie inside the network output. */
  public static final String INVALID_REGION = "invalid-region";
  /** ONNX Runtime failed on this tile alone, after its batch failed. */
  public static final String INFERENCE_FAILED = "inference-failed";
}
