package dev.tessera.cli.output;

import dev.tessera.imaging.io.ImageFiles;
import dev.tessera.imaging.tracking.Linker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tracking results in the Cell Tracking Challenge's format, which its evaluation tools and Fiji's
 * TrackMate and Mastodon importers read: {@code maskT.tif} per frame (16-bit, each cell's pixels set
 * to its track id, T with three digits, four from 1000 frames on) and {@code res_track.txt}, one
 * {@code L B E P} line per track (label, first and last frame, parent label or 0).
 */
public final class CtcWriter {

  private final Path dir;
  private final int digits;

  /** Writes into {@code dir} (created) for an acquisition of {@code frames} frames. */
  public CtcWriter(Path dir, int frames) {
    this.dir = dir;
    this.digits = frames > 1000 ? 4 : 3;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir, e);
    }
  }

  /** {@code maskT.tif}: the frame's cell labels replaced by their track ids. */
  public Path writeFrame(long frameIndex, int width, int height, int[] labels, Map<Integer, Integer> trackOfLabel) {
    int[] tracks = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      tracks[i] = labels[i] == 0 ? 0 : trackOfLabel.get(labels[i]);
    }
    Path file = dir.resolve(String.format(Locale.ROOT, "mask%0" + digits + "d.tif", frameIndex));
    try {
      ImageFiles.writeGrey16(file, width, height, tracks);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return file;
  }

  /** {@code res_track.txt}. */
  public Path writeTracks(List<Linker.Track> tracks) {
    StringBuilder sb = new StringBuilder();
    for (Linker.Track t : tracks) {
      sb.append(t.id()).append(' ').append(t.begin()).append(' ').append(t.end()).append(' ').append(t.parent())
          .append('\n');
    }
    Path file = dir.resolve("res_track.txt");
    try {
      Files.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return file;
  }
}
