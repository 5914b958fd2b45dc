package dev.tessera.cli.output;

import dev.tessera.imaging.tracking.Linker;
import dev.tessera.records.Mask;
import dev.tessera.records.Track;
import dev.tessera.records.TrackedCell;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tracker stage's tracks in the Cell Tracking Challenge's format ({@link CtcWriter}): each
 * frame's mask relabelled by the track ids of its {@code Track} record (whichever of the two comes
 * first waits for the other), and the tracks' spans, gathered from the records, as {@code
 * res_track.txt} by {@link #finish}. Not thread-safe: one reader feeds it.
 */
public final class CtcTracks {

  private final CtcWriter ctc;
  private final Map<Long, Mask> masks = new HashMap<>();
  private final Map<Long, Track> tracks = new HashMap<>();
  private final Map<Integer, Linker.Track> spans = new TreeMap<>();
  private int written;

  /** Writes into {@code dir} (created) for an acquisition of up to {@code frames} frames. */
  public CtcTracks(Path dir, int frames) {
    this.ctc = new CtcWriter(dir, frames);
  }

  /** A frame's mask. */
  public void frame(long frameIndex, Mask mask) {
    Track track = tracks.remove(frameIndex);
    if (track == null) {
      masks.put(frameIndex, mask);
    } else {
      write(mask, track);
    }
  }

  /** A frame's tracks. */
  public void track(Track track) {
    for (TrackedCell c : track.getCells()) {
      long f = track.getFrameIndex();
      spans.merge(c.getTrackId(), new Linker.Track(c.getTrackId(), f, f, c.getParentTrackId()),
          (a, b) -> new Linker.Track(a.id(), Math.min(a.begin(), f), Math.max(a.end(), f), a.parent()));
    }
    Mask mask = masks.remove(track.getFrameIndex());
    if (mask == null) {
      tracks.put(track.getFrameIndex(), track);
    } else {
      write(mask, track);
    }
  }

  private void write(Mask mask, Track track) {
    Map<Integer, Integer> trackOfLabel = new HashMap<>();
    track.getCells().forEach(c -> trackOfLabel.put(c.getLabel(), c.getTrackId()));
    ctc.writeFrame(mask.getFrameIndex(), mask.getWidth(), mask.getHeight(), MaskWriter.instances(mask), trackOfLabel);
    written++;
  }

  /** Writes {@code res_track.txt}; returns how many frames were written (a mask and its tracks both in). */
  public int finish() {
    ctc.writeTracks(List.copyOf(spans.values()));
    return written;
  }

  /**
   * The tracks so far, for a person: how many, how many divisions (a parent with two daughters) and
   * how many tracks resumed after a gap (a parent with one).
   */
  public String describe() {
    Map<Integer, Integer> children = new HashMap<>();
    spans.values().stream().filter(t -> t.parent() != 0).forEach(t -> children.merge(t.parent(), 1, Integer::sum));
    long divisions = children.values().stream().filter(n -> n >= 2).count();
    long resumed = children.values().stream().filter(n -> n == 1).count();
    return spans.size() + " tracks, " + divisions + " divisions, " + resumed + " tracks continued after a gap";
  }

  /** Masks still waiting for their tracks (the tracker rejected the frame, or has not reached it). */
  public int masksWithoutTracks() {
    return masks.size();
  }
}
