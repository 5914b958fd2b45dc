package dev.tessera.schemas;

import dev.tessera.records.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds {@link DeadLetter} records. The rejected value is copied only when it is small: a
 * multi-MiB frame copied into the dead-letter topic would itself be too large, so large values
 * are referenced by topic, partition and offset instead.
 */
public final class DeadLetters {

  /** Values up to this size are copied into the dead letter. */
  public static final int MAX_COPIED_BYTES = 64 * 1024;

  private DeadLetters() {}

  /**
   * A dead letter for a record read from a topic.
   *
   * @param stage the rejecting stage: ingest, tiler, inference or stitcher
   * @param topic source topic, or null when the record did not come from Kafka
   * @param partition source partition, -1 if none
   * @param offset source offset, -1 if none
   * @param key the record's key, may be null
   * @param errorType the kind, written as its {@link DeadLetterError#code() code}
   * @param reason what is wrong, for a person
   * @param original the rejected value's bytes, may be null
   */
  public static DeadLetter of(String stage, String topic, int partition, long offset, String key,
      DeadLetterError errorType, String reason, byte[] original) {
    boolean copy = original != null && original.length <= MAX_COPIED_BYTES;
    String reference = original == null || copy || topic == null ? null : topic + "-" + partition + "@" + offset;
    return DeadLetter.newBuilder()
        .setStage(stage)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setKey(key)
        .setErrorType(errorType.code())
        .setReason(reason)
        .setFailedAt(Instant.now())
        .setOriginalSize(original == null ? -1 : original.length)
        .setOriginal(copy ? ByteBuffer.wrap(original) : null)
        .setOriginalReference(reference)
        .build();
  }
}
