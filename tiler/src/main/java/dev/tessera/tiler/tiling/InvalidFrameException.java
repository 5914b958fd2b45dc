package dev.tessera.tiler.tiling;

/**
 * A frame the tiler cannot cut, with a reason a person can act on. It becomes one dead letter;
 * the stream goes on.
 */
public final class InvalidFrameException extends RuntimeException {

  /** The frame's fields contradict each other or its pixels cannot be scored. */
  public static final String INVALID_FRAME = "invalid-frame";
  /** The frame is larger than the configured limits. */
  public static final String FRAME_OVER_LIMIT = "frame-over-limit";

  private final String errorType;

  public InvalidFrameException(String errorType, String reason) {
    super(reason);
    this.errorType = errorType;
  }

  /** A stable kind for the dead letter: {@link #INVALID_FRAME} or {@link #FRAME_OVER_LIMIT}. */
  public String errorType() {
    return errorType;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    // An expected outcome of bad input, reported as a dead letter: the stack trace is noise.
    return this;
  }
}
