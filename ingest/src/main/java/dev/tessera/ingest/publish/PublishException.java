package dev.tessera.ingest.publish;

import java.util.List;

/**
 * The broker did not acknowledge a frame (unreachable, timed out, refused). Frames acknowledged
 * before the failure are listed, so a caller knows exactly what was published.
 */
public class PublishException extends RuntimeException {

  private final transient List<PublishedFrame> published;

  public PublishException(String message, Throwable cause, List<PublishedFrame> published) {
    super(message, cause);
    this.published = List.copyOf(published);
  }

  /** Frames of the failed call that the broker did acknowledge, in order. */
  public List<PublishedFrame> published() {
    return published;
  }
}
