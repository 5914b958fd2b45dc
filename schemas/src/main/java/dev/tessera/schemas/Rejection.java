package dev.tessera.schemas;

/**
 * Why a stage refuses a record or a frame: the {@link DeadLetterError} written to the dead letter
 * and a reason a person can act on (the exception's message). Stage cores throw it where a check
 * fails, or keep it as a value when the record waits for its transaction; either way it becomes
 * exactly one dead letter and the stage goes on.
 */
public final class Rejection extends RuntimeException {

  private final DeadLetterError errorType;

  /**
   * @param errorType the kind of rejection
   * @param reason what is wrong, naming the values involved
   */
  public Rejection(DeadLetterError errorType, String reason) {
    // An expected outcome of bad input, reported as a dead letter: no stack trace to fill.
    super(reason, null, false, false);
    if (errorType == null) {
      throw new IllegalArgumentException("a rejection needs an error type (reason: " + reason + ")");
    }
    this.errorType = errorType;
  }

  public DeadLetterError errorType() {
    return errorType;
  }

  /** The reason, for a person. */
  public String reason() {
    return getMessage();
  }
}
