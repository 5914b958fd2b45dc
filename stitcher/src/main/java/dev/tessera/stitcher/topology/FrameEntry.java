package dev.tessera.stitcher.topology;

import dev.tessera.schemas.Wire;
import dev.tessera.stitcher.assembly.FrameSignature;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The small per-frame index entry beside a frame's stored tiles: which tiles arrived, what they
 * agree on, when the frame was first seen, and, once the frame is closed, how it ended. A closed
 * entry (no tiles left) is kept for one frame timeout so a late duplicate is recognised instead
 * of opening the frame again.
 */
final class FrameEntry {

  private static final int FORMAT = 2;

  /** Where a frame is in its life. */
  enum Status {
    /** Collecting tiles. */
    OPEN,
    /** Stitched and handed on. */
    DONE,
    /** Given up incomplete after the timeout or by the open-frame limit. */
    TIMED_OUT,
    /** Sent to the dead-letter topic whole (mixed models, too many cells). */
    REJECTED
  }

  final String acquisitionId;
  final long frameIndex;
  final FrameSignature signature;
  final long firstSeenMs;
  /** The frame's capture time, from its first tile mask; -1 when unknown. */
  final long capturedAtMs;
  final BitSet received;
  Status status;
  long closedMs;

  FrameEntry(String acquisitionId, long frameIndex, FrameSignature signature, long firstSeenMs, long capturedAtMs,
      BitSet received, Status status, long closedMs) {
    this.acquisitionId = acquisitionId;
    this.frameIndex = frameIndex;
    this.signature = signature;
    this.firstSeenMs = firstSeenMs;
    this.capturedAtMs = capturedAtMs;
    this.received = received;
    this.status = status;
    this.closedMs = closedMs;
  }

  /**
   * A new open entry; {@code streamTimeMs} is the stream time of its first tile mask (timeouts run
   * on stream time), {@code capturedAtMs} the frame's capture time (-1: unknown).
   */
  static FrameEntry open(String acquisitionId, long frameIndex, FrameSignature signature, long streamTimeMs,
      long capturedAtMs) {
    return new FrameEntry(acquisitionId, frameIndex, signature, streamTimeMs, capturedAtMs,
        new BitSet(signature.tileCount()), Status.OPEN, -1);
  }

  boolean has(int tileIndex) {
    return received.get(tileIndex);
  }

  void receive(int tileIndex) {
    received.set(tileIndex);
  }

  int receivedCount() {
    return received.cardinality();
  }

  boolean complete() {
    return receivedCount() == signature.tileCount();
  }

  void close(Status how, long nowMs) {
    status = how;
    closedMs = nowMs;
  }

  /** The indices not yet received, ascending. */
  List<Integer> missing() {
    List<Integer> missing = new ArrayList<>();
    for (int i = received.nextClearBit(0); i < signature.tileCount(); i = received.nextClearBit(i + 1)) {
      missing.add(i);
    }
    return missing;
  }

  /** The indices received, ascending. */
  List<Integer> receivedIndices() {
    return received.stream().boxed().toList();
  }

  /** {@code acq/frame}, as in the tile-mask key. */
  String frameKey() {
    return dev.tessera.schemas.Topics.frameKey(acquisitionId, frameIndex);
  }

  byte[] toBytes() {
    FrameSignature s = signature;
    return new Wire.Writer(128)
        .writeByte(FORMAT)
        .writeString(acquisitionId)
        .writeLong(frameIndex)
        .writeInt(s.tileCount()).writeInt(s.gridColumns()).writeInt(s.gridRows())
        .writeInt(s.frameWidth()).writeInt(s.frameHeight())
        .writeString(s.geometryId()).writeInt(s.classCount())
        .writeString(s.modelId()).writeString(s.modelSha256())
        .writeLong(firstSeenMs)
        .writeLong(capturedAtMs)
        .writeBytes(received.toByteArray())
        .writeByte(status.ordinal())
        .writeLong(closedMs)
        .toByteArray();
  }

  static FrameEntry fromBytes(byte[] bytes) {
    Wire.Reader in = new Wire.Reader(bytes);
    int format = in.readByte();
    if (format != FORMAT && format != 1) {
      throw new IllegalStateException("frame index entry format " + format + " is not 1 or " + FORMAT);
    }
    String acq = in.readString();
    long frame = in.readLong();
    FrameSignature s = new FrameSignature(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
        in.readString(), in.readInt(), in.readString(), in.readString());
    long firstSeen = in.readLong();
    long capturedAt = format >= 2 ? in.readLong() : -1; // format 1 (before capture times were kept)
    BitSet received = BitSet.valueOf(in.readBytes());
    Status status = Status.values()[in.readByte()];
    long closed = in.readLong();
    return new FrameEntry(acq, frame, s, firstSeen, capturedAt, received, status, closed);
  }
}
