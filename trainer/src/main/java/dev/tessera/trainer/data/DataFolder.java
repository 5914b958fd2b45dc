package dev.tessera.trainer.data;

import dev.tessera.imaging.io.ImageFiles;
import dev.tessera.imaging.io.NaturalOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A data folder: {@code images/} and {@code labels/} holding PNG or TIFF files with matching names
 * (the extension may differ). Images without labels are an error, so a typo does not silently
 * shrink a training set. Names are listed in {@link NaturalOrder}.
 */
public final class DataFolder {

  private DataFolder() {}

  /** The names (file name without extension) of the images in {@code dir}, naturally sorted. */
  public static List<String> names(Path dir) throws IOException {
    return List.copyOf(index(dir.resolve("images"), dir).keySet());
  }

  /** Loads every image of {@code dir} with its labels. */
  public static List<LabelledImage> load(Path dir, LabelFormat format) throws IOException {
    return load(dir, format, null);
  }

  /** Loads the images of {@code dir} whose names are in {@code only} (all when null). */
  public static List<LabelledImage> load(Path dir, LabelFormat format, java.util.Collection<String> only)
      throws IOException {
    Map<String, Path> images = index(dir.resolve("images"), dir);
    Map<String, Path> labels = index(dir.resolve("labels"), dir);
    List<String> missing = images.keySet().stream().filter(n -> !labels.containsKey(n)).toList();
    if (!missing.isEmpty()) {
      throw new IOException("Data folder " + dir + ": no labels for " + missing.size() + " image(s), e.g. "
          + missing.get(0) + " (labels/ must hold a file of the same name)");
    }
    List<LabelledImage> out = new ArrayList<>();
    for (Map.Entry<String, Path> e : images.entrySet()) {
      if (only != null && !only.contains(e.getKey())) {
        continue;
      }
      out.add(new LabelledImage(e.getKey(), RawImage.read(e.getValue()), RawImage.read(labels.get(e.getKey())),
          format));
    }
    if (only != null && out.size() != only.size()) {
      List<String> unknown = only.stream().filter(n -> !images.containsKey(n)).toList();
      throw new IOException("Data folder " + dir + " has no images named " + unknown);
    }
    return out;
  }

  private static Map<String, Path> index(Path folder, Path dir) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("Data folder " + dir + " must contain images/ and labels/ (" + folder + " is missing)");
    }
    Map<String, Path> byName = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> sorted = files.filter(Files::isRegularFile)
          .filter(p -> ImageFiles.hasImageExtension(p.getFileName().toString()))
          .sorted(Comparator.comparing(p -> baseName(p), NaturalOrder.COMPARATOR)).toList();
      for (Path p : sorted) {
        Path previous = byName.put(baseName(p), p);
        if (previous != null) {
          throw new IOException("Two files in " + folder + " share the name " + baseName(p) + ": " + previous.getFileName()
              + " and " + p.getFileName());
        }
      }
    }
    if (byName.isEmpty()) {
      throw new IOException("No PNG or TIFF files in " + folder);
    }
    return byName;
  }

  /** The file name without its extension. */
  public static String baseName(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
