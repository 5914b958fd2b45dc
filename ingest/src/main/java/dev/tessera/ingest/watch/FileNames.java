package dev.tessera.ingest.watch;

import dev.tessera.imaging.io.ImageFiles;
import java.util.List;
import java.util.Locale;

/**
 * Which names in a watched folder are images to publish and which are temporary. Their order is
 * {@link dev.tessera.imaging.io.NaturalOrder}.
 */
public final class FileNames {

  /**
   * Extensions of images it does not publish but dead-letters, so an operator learns that, say,
   * JPEGs are arriving; any other file (notes, metadata sidecars) is left alone.
   */
  public static final List<String> REFUSED_IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".gif", ".bmp", ".jp2", ".webp");

  /** Suffixes of files being written under a temporary name, to be renamed when complete. */
  public static final List<String> TEMPORARY_SUFFIXES =
      List.of(".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".filepart", ".swp", "~");

  private FileNames() {}

  /**
   * True for names never published: dotfiles (rsync's {@code .name.XXXXXX}, the watcher's own
   * state file), {@code ~name} and names with a temporary suffix ({@code *.part}, {@code *.tmp},
   * ...).
   */
  public static boolean isTemporary(String name) {
    if (name.startsWith(".") || name.startsWith("~")) {
      return true;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return TEMPORARY_SUFFIXES.stream().anyMatch(lower::endsWith);
  }

  /**
   * True for names the watcher takes: a TIFF/PNG to publish ({@link ImageFiles#EXTENSIONS}) or
   * another image to dead-letter.
   */
  public static boolean isImage(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return ImageFiles.hasImageExtension(name) || REFUSED_IMAGE_EXTENSIONS.stream().anyMatch(lower::endsWith);
  }
}
