package dev.tessera.stitcher.assembly;

/**
 * Why the stitcher refuses a tile mask or a frame. The {@link #errorType()} is the stable kind
 * written to the dead letter, the message the sentence a person reads.
 */
public final class Rejection extends RuntimeException {

  /** The value could not be decoded as a {@code TileMask}. */
  public static final String DESERIALIZATION = "deserialization";
  /** The record key is not {@code acq/frame} of the tile it carries. */
  public static final String WRONG_KEY = "wrong-key";
  /** The tile contradicts its own geometry (grid, owned region, sizes). */
  public static final String INVALID_TILE_MASK = "invalid-tile-mask";
  /** The tile's geometry contradicts the other tiles of its frame. */
  public static final String GEOMETRY_MISMATCH = "geometry-mismatch";
  /** The frame's tiles were scored by two model versions. */
  public static final String MIXED_MODELS = "mixed-models";
  /** The frame was still missing tiles after the timeout (or was evicted by the open-frame limit). */
  public static final String INCOMPLETE_FRAME = "incomplete-frame";
  /** A new tile arrived for a frame already given up (timed out or rejected). */
  public static final String FRAME_CLOSED = "frame-closed";
  /** More instances than a 16-bit label image can number. */
  public static final String TOO_MANY_INSTANCES = "too-many-instances";
  /** A frame finished after a later frame of its acquisition was published in order. */
  public static final String LATE_FRAME = "late-frame";

  private final String errorType;

  public Rejection(String errorType, String reason) {
    super(reason);
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }

  /** The reason, for a person. */
  public String reason() {
    return getMessage();
  }
}
