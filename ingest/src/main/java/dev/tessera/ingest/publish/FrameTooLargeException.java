package dev.tessera.ingest.publish;

/**
 * A frame whose record would exceed the configured record size limit
 * ({@code tessera.kafka.max-record-bytes}); raised before anything is sent.
 */
public class FrameTooLargeException extends RuntimeException {

  private final long recordBytes;
  private final long limitBytes;

  public FrameTooLargeException(String message, long recordBytes, long limitBytes) {
    super(message);
    this.recordBytes = recordBytes;
    this.limitBytes = limitBytes;
  }

  /** The (estimated, for headers-only checks) size of the record. */
  public long recordBytes() {
    return recordBytes;
  }

  public long limitBytes() {
    return limitBytes;
  }
}
