package dev.tessera.stitcher.topology;

import dev.tessera.records.DeadLetter;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.Rejection;
import java.time.Instant;

/** What the stitcher's processors forward: a frame to publish, a dead letter, or an ordering event. */
sealed interface StitcherOutput {

  /**
   * A stitched frame, keyed by acquisition id: its {@code Mask} and {@code ObjectTable} as the
   * output topics' values, encoded once by the assembling stage and passed through as bytes.
   */
  record Publish(byte[] mask, byte[] objects) implements StitcherOutput {}

  /** A rejected record or frame, keyed by the original key. */
  record Dead(DeadLetter letter) implements StitcherOutput {

    /** The stage name written into every dead letter of the stitcher. */
    static final String STAGE = "stitcher";

    /**
     * A dead letter stamped with the stream's wall clock rather than the JVM's, so a timeout
     * reports the time the punctuator saw it, and tests on a mocked clock see exact records.
     */
    static Dead of(String topic, int partition, long offset, String key, Rejection rejection, byte[] original,
        long nowMs) {
      DeadLetter letter = DeadLetters.of(STAGE, topic, partition, offset, key, rejection.errorType(),
          rejection.reason(), original);
      letter.setFailedAt(Instant.ofEpochMilli(nowMs));
      return new Dead(letter);
    }
  }

  /** For the ordering stage, keyed by acquisition id. */
  record Order(OrderEvent event) implements StitcherOutput {}
}
