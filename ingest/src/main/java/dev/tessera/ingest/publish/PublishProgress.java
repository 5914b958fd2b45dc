package dev.tessera.ingest.publish;

/** Told after each acknowledged frame of a stack, so a command line can draw a progress bar. */
@FunctionalInterface
public interface PublishProgress {

  /** Does nothing. */
  PublishProgress NONE = (frame, done, total) -> { };

  /**
   * @param frame the frame just acknowledged
   * @param done frames of this call acknowledged so far, this one included
   * @param total frames this call publishes
   */
  void published(PublishedFrame frame, int done, int total);
}
