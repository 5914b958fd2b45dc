package dev.tessera.tracker.topology;

import dev.tessera.imaging.tracking.Linker;
import dev.tessera.schemas.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * An acquisition's tracking state: where it stands, its counts, and its {@link Linker.State}
 * (the live tracks with their last masks, stored as runs of pixel indices: a cell is a few runs
 * per row, far smaller than its pixel list).
 *
 * @param lastFrame the last frame index that reached the tracker (tracked or rejected), or
 *     {@link Long#MIN_VALUE} before the first
 * @param lastFrameAtMs wall-clock time of the last frame, for the summary and the retention
 * @param summarized whether a summary was published since the last frame
 */
record AcquisitionEntry(String modelId, long firstFrame, long lastFrame, long framesTracked, long framesRejected,
    long framesMissing, int divisions, long lastFrameAtMs, boolean summarized, Linker.State linker) {

  private static final int FORMAT = 1;

  static AcquisitionEntry start(String modelId) {
    return new AcquisitionEntry(modelId, Long.MIN_VALUE, Long.MIN_VALUE, 0, 0, 0, 0, 0, false, Linker.State.EMPTY);
  }

  boolean started() {
    return lastFrame != Long.MIN_VALUE;
  }

  /** A frame that reached the tracker at {@code nowMs}, tracked or not. */
  AcquisitionEntry reached(long frameIndex, long nowMs, boolean tracked, long missing, int newDivisions,
      Linker.State state, String model) {
    return new AcquisitionEntry(model, started() ? firstFrame : frameIndex, frameIndex,
        framesTracked + (tracked ? 1 : 0), framesRejected + (tracked ? 0 : 1), framesMissing + missing,
        divisions + newDivisions, nowMs, false, state);
  }

  /** A rejected record that did not reach the frame sequence (out of order, unpaired). */
  AcquisitionEntry rejected() {
    return new AcquisitionEntry(modelId, firstFrame, lastFrame, framesTracked, framesRejected + 1, framesMissing,
        divisions, lastFrameAtMs, summarized, linker);
  }

  AcquisitionEntry summarizedNow() {
    return new AcquisitionEntry(modelId, firstFrame, lastFrame, framesTracked, framesRejected, framesMissing,
        divisions, lastFrameAtMs, true, linker);
  }

  byte[] toBytes() {
    Wire.Writer out = new Wire.Writer(1024).writeByte(FORMAT).writeString(modelId).writeLong(firstFrame)
        .writeLong(lastFrame).writeLong(framesTracked).writeLong(framesRejected).writeLong(framesMissing)
        .writeInt(divisions).writeLong(lastFrameAtMs).writeBoolean(summarized)
        .writeLong(linker.lastFrame()).writeInt(linker.nextId()).writeInt(linker.frameSize())
        .writeInt(linker.live().size());
    for (Linker.LiveTrack t : linker.live()) {
      out.writeInt(t.id()).writeLong(t.begin()).writeInt(t.parent()).writeLong(t.lastSeen());
      int[] runs = runs(t.pixels());
      out.writeInt(runs.length / 2);
      for (int r : runs) {
        out.writeInt(r);
      }
    }
    return out.toByteArray();
  }

  static AcquisitionEntry fromBytes(byte[] bytes) {
    Wire.Reader in = new Wire.Reader(bytes);
    int format = in.readByte();
    if (format != FORMAT) {
      throw new IllegalStateException("tracker acquisition entry of format " + format + ", this version reads "
          + FORMAT);
    }
    String model = in.readString();
    long first = in.readLong();
    long last = in.readLong();
    long tracked = in.readLong();
    long rejected = in.readLong();
    long missing = in.readLong();
    int divisions = in.readInt();
    long at = in.readLong();
    boolean summarized = in.readBoolean();
    long linkerLast = in.readLong();
    int nextId = in.readInt();
    int frameSize = in.readInt();
    int n = in.readInt();
    List<Linker.LiveTrack> live = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int id = in.readInt();
      long begin = in.readLong();
      int parent = in.readInt();
      long lastSeen = in.readLong();
      int[] runs = new int[2 * in.readInt()];
      for (int r = 0; r < runs.length; r++) {
        runs[r] = in.readInt();
      }
      live.add(new Linker.LiveTrack(id, begin, parent, lastSeen, pixels(runs)));
    }
    return new AcquisitionEntry(model, first, last, tracked, rejected, missing, divisions, at, summarized,
        new Linker.State(linkerLast, nextId, frameSize, live));
  }

  /** Ascending pixel indices as (start, length) runs. */
  static int[] runs(int[] pixels) {
    List<Integer> runs = new ArrayList<>();
    int i = 0;
    while (i < pixels.length) {
      int start = pixels[i];
      int j = i + 1;
      while (j < pixels.length && pixels[j] == pixels[j - 1] + 1) {
        j++;
      }
      runs.add(start);
      runs.add(j - i);
      i = j;
    }
    return runs.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The pixel indices of (start, length) runs. */
  static int[] pixels(int[] runs) {
    int n = 0;
    for (int r = 1; r < runs.length; r += 2) {
      n += runs[r];
    }
    int[] pixels = new int[n];
    int k = 0;
    for (int r = 0; r < runs.length; r += 2) {
      for (int p = 0; p < runs[r + 1]; p++) {
        pixels[k++] = runs[r] + p;
      }
    }
    return pixels;
  }
}
