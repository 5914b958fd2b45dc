package dev.tessera.stitcher.topology;

import dev.tessera.schemas.Wire;

/**
 * The ordering stage's state: per acquisition the next frame index it may publish, and per
 * frame whether it is open, finished and held back, or abandoned.
 */
final class OrderState {

  private static final int FORMAT = 1;

  private OrderState() {}

  /** One acquisition's position in its frame sequence. */
  static final class Acquisition {
    final String acquisitionId;
    /** The lowest frame index that may still be published; meaningful once {@link #started}. */
    long next;
    boolean started;
    /** Once a frame is published, frames below {@link #next} can only be late. */
    boolean published;
    long lastActivityMs;

    Acquisition(String acquisitionId, long next, boolean started, boolean published, long lastActivityMs) {
      this.acquisitionId = acquisitionId;
      this.next = next;
      this.started = started;
      this.published = published;
      this.lastActivityMs = lastActivityMs;
    }

    /**
     * Notes that frame {@code index} exists. Before anything is published the sequence starts at
     * the lowest index seen, since tiles of neighbouring frames arrive interleaved.
     */
    void see(long index) {
      if (!started) {
        next = index;
        started = true;
      } else if (!published && index < next) {
        next = index;
      }
    }

    byte[] toBytes() {
      return new Wire.Writer(64).writeByte(FORMAT).writeString(acquisitionId).writeLong(next)
          .writeBoolean(started).writeBoolean(published).writeLong(lastActivityMs).toByteArray();
    }

    static Acquisition fromBytes(byte[] bytes) {
      Wire.Reader in = new Wire.Reader(bytes);
      checkFormat(in.readByte());
      return new Acquisition(in.readString(), in.readLong(), in.readBoolean(), in.readBoolean(), in.readLong());
    }
  }

  /** What the ordering stage knows of one frame. */
  enum FrameStatus {
    /** Seen, not finished: later frames wait for it. */
    OPEN,
    /** Finished; its records wait in the held store for their turn. */
    HELD,
    /** Will never be published; its turn is skipped. */
    ABANDONED
  }

  /**
   * @param status where the frame is
   * @param sinceMs when it entered that status (wall clock)
   */
  record Frame(FrameStatus status, long sinceMs) {
    byte[] toBytes() {
      return new Wire.Writer(16).writeByte(FORMAT).writeByte(status.ordinal()).writeLong(sinceMs).toByteArray();
    }

    static Frame fromBytes(byte[] bytes) {
      Wire.Reader in = new Wire.Reader(bytes);
      checkFormat(in.readByte());
      return new Frame(FrameStatus.values()[in.readByte()], in.readLong());
    }
  }

  private static void checkFormat(int format) {
    if (format != FORMAT) {
      throw new IllegalStateException("ordering state format " + format + " is not " + FORMAT);
    }
  }
}
