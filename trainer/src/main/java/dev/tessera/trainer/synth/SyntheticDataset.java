package dev.tessera.trainer.synth;

import dev.tessera.imaging.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes synthetic frames as a data folder the trainer reads: {@code images/NAME.png} (16-bit grey)
 * and {@code labels/NAME.png} (16-bit instance labels).
 */
public final class SyntheticDataset {

  private SyntheticDataset() {}

  /**
   * Writes {@code count} independent frames (seeds {@code seed}, {@code seed + 1}, ...), named
   * {@code synth-000} etc. Returns the names.
   */
  public static List<String> writeFrames(Path dir, int count, int width, int height, long seed,
      SyntheticCells.Params params) throws IOException {
    java.util.ArrayList<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format(Locale.ROOT, "synth-%03d", i);
      write(dir, name, SyntheticCells.frame(width, height, seed + i, params));
      names.add(name);
    }
    return names;
  }

  /** Writes a time lapse as frames {@code t000}, {@code t001}, ... Returns the names. */
  public static List<String> writeTimeLapse(Path dir, int frames, int width, int height, long seed,
      SyntheticCells.Params params) throws IOException {
    java.util.ArrayList<String> names = new java.util.ArrayList<>();
    List<SyntheticFrame> lapse = SyntheticCells.timeLapse(width, height, frames, seed, params);
    for (int i = 0; i < lapse.size(); i++) {
      String name = String.format(Locale.ROOT, "t%03d", i);
      write(dir, name, lapse.get(i));
      names.add(name);
    }
    return names;
  }

  private static void write(Path dir, String name, SyntheticFrame f) throws IOException {
    int maxLabel = java.util.Arrays.stream(f.labels()).max().orElse(0);
    if (maxLabel > 65535) {
      throw new IOException("frame " + name + " has label " + maxLabel + ", beyond what a 16-bit label image holds");
    }
    ImageFiles.writeGrey16(dir.resolve("images").resolve(name + ".png"), f.width(), f.height(), f.pixels());
    ImageFiles.writeGrey16(dir.resolve("labels").resolve(name + ".png"), f.width(), f.height(), f.labels());
  }
}
