package dev.tessera.tracker.topology;

import dev.tessera.schemas.Wire;

/**
 * A mask or object table waiting for its other half, stored as received with where it came from
 * (for a dead letter's reference) and its record timestamp (for the pair timeout, in stream time).
 */
record Pending(String acquisitionId, long timestampMs, String topic, int partition, long offset, byte[] value) {

  private static final int FORMAT = 1;

  byte[] toBytes() {
    return new Wire.Writer(value.length + 64).writeByte(FORMAT).writeString(acquisitionId).writeLong(timestampMs)
        .writeString(topic).writeInt(partition).writeLong(offset).writeBytes(value).toByteArray();
  }

  static Pending fromBytes(byte[] bytes) {
    Wire.Reader in = new Wire.Reader(bytes);
    int format = in.readByte();
    if (format != FORMAT) {
      throw new IllegalStateException("tracker pending entry of format " + format + ", this version reads " + FORMAT);
    }
    return new Pending(in.readString(), in.readLong(), in.readString(), in.readInt(), in.readLong(), in.readBytes());
  }
}
