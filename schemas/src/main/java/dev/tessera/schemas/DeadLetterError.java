package dev.tessera.schemas;

/**
 * Every kind of dead letter a Tessera stage writes: the catalogue of {@code DeadLetter.errorType}.
 * The {@link #code()} is what travels on the dead-letter topic and what consumers and dashboards
 * match on, so it never changes once released; the constant's name is free to change.
 */
public enum DeadLetterError {

  // Any stage that reads a topic.
  DESERIALIZATION("deserialization", "The value is not a single-object-encoded record of the topic's type."),

  // ingest (folder watch)
  UNREADABLE_IMAGE("unreadable-image", "An image file cannot be read: truncated, corrupt, or an I/O error."),
  UNSUPPORTED_IMAGE("unsupported-image", "A file is not an image of a format, bit depth or layout Tessera reads."),
  FRAME_TOO_LARGE("frame-too-large", "An image would make a Frame record over the configured record size limit."),

  // tiler
  INVALID_FRAME("invalid-frame",
      "A frame's fields contradict each other or its pixels cannot be scored (also a tombstone on the frames topic)."),
  FRAME_OVER_LIMIT("frame-over-limit", "A frame is larger than the tiler's configured limits."),

  // inference
  NULL_VALUE("null-value", "A tile record without a value (a tombstone)."),
  INVALID_TILE_SIZE("invalid-tile-size", "A tile's input size is not one the model accepts."),
  INVALID_PIXELS("invalid-pixels",
      "A tile's pixel bytes do not match its size and type, or its FLOAT32 pixels are NaN or infinite."),
  INVALID_NORMALIZATION("invalid-normalization", "A tile's normalization offset or scale is not a finite number."),
  INVALID_REGION("invalid-region", "A tile's owned region does not lie inside the network output."),
  INFERENCE_FAILED("inference-failed", "ONNX Runtime failed on a tile alone, after its batch failed."),

  // inference and stitcher
  GEOMETRY_MISMATCH("geometry-mismatch",
      "A tile's geometry contradicts the model's depth and margin (inference) or its frame's other tiles (stitcher)."),

  // stitcher
  WRONG_KEY("wrong-key", "A record's key is not the one its value implies: acq/frame of a tile mask (stitcher), the"
      + " acquisition id of a mask or object table (tracker)."),
  INVALID_TILE_MASK("invalid-tile-mask", "A tile mask contradicts its own geometry: grid, owned region or sizes."),
  MIXED_MODELS("mixed-models", "A frame's tiles were scored by two model versions; the frame is not published."),
  INCOMPLETE_FRAME("incomplete-frame",
      "A frame still missed tiles after the frame timeout, or was evicted by the open-frame limit."),
  FRAME_CLOSED("frame-closed", "A tile mask arrived for a frame already given up (timed out or rejected)."),
  TOO_MANY_INSTANCES("too-many-instances", "A frame has more cells than a 16-bit instance label image can number."),
  DUPLICATE_FRAME_ID("duplicate-frame-id",
      "A tile mask of another frame (another capture time) under an acquisition/frame id already in use."),
  FAILED_TILES("failed-tiles", "Some of a frame's tiles could not be scored; the frame is closed without a mask."),

  // tracker
  FRAME_OUT_OF_ORDER("frame-out-of-order",
      "A frame reached the tracker after a later frame of its acquisition was tracked; it is not tracked."),
  MISSING_FRAMES("missing-frames", "Frame indices were skipped before this frame reached the tracker (the frame itself"
      + " is tracked; tracks are carried across a gap of up to max-gap frames)."),
  OBJECTS_CONTRADICT_MASK("objects-contradict-mask",
      "A frame's object table does not describe its mask's cells (size, model, labels or areas); it is not tracked."),
  MASK_WITHOUT_INSTANCES("mask-without-instances", "A mask carries no instance labels, so its cells cannot be tracked."),
  UNPAIRED_FRAME("unpaired-frame",
      "A frame's mask or object table reached the tracker without the other within the pair timeout."),

  // any Streams stage (StreamsDeadLetters)
  PROCESSING_ERROR("processing-error", "Processing the record failed unexpectedly (a bug); it was skipped, the stream went on."),
  PRODUCTION_ERROR("production-error", "An output record could not be serialized; it was dropped.");

  private final String code;
  private final String meaning;

  DeadLetterError(String code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The wire code, written to {@code DeadLetter.errorType}: lower case, words joined by '-'. */
  public String code() {
    return code;
  }

  /** What the error means, in one sentence. */
  public String meaning() {
    return meaning;
  }

  @Override
  public String toString() {
    return code;
  }
}
