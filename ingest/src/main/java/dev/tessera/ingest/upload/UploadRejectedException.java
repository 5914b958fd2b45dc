package dev.tessera.ingest.upload;

/** An upload refused, with the HTTP status to answer and a reason for the client. */
public class UploadRejectedException extends RuntimeException {

  /** 400: the request is malformed (headers, sizes, a corrupt image). */
  public static final int BAD_REQUEST = 400;
  /** 413: the body or a frame is over the configured limit. */
  public static final int TOO_LARGE = 413;
  /** 415: the content type or the image's format is not one Tessera takes. */
  public static final int UNSUPPORTED = 415;
  /** 503: the broker did not acknowledge the frames; the client may retry. */
  public static final int UNAVAILABLE = 503;

  private final int status;

  public UploadRejectedException(int status, String reason) {
    super(reason);
    this.status = status;
  }

  public UploadRejectedException(int status, String reason, Throwable cause) {
    super(reason, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** A short, stable name of the rejection, for metrics. */
  public String kind() {
    return kindOf(status);
  }

  /** The metric tag of a refusal with this status. */
  public static String kindOf(int status) {
    return switch (status) {
      case TOO_LARGE -> "too-large";
      case UNSUPPORTED -> "unsupported";
      case UNAVAILABLE -> "unavailable";
      default -> "bad-request";
    };
  }
}
