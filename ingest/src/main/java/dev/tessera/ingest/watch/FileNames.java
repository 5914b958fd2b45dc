package dev.tessera.ingest.watch;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Which names in a watched folder are images to publish, which are temporary, and their order. */
public final class FileNames {

  /** Extensions of files the watcher takes: TIFF and PNG, which it publishes. */
  public static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".png");

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

  /** True for names the watcher takes: a TIFF/PNG to publish or another image to dead-letter. */
  public static boolean isImage(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return IMAGE_EXTENSIONS.stream().anyMatch(lower::endsWith) || REFUSED_IMAGE_EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  /**
   * Natural order: runs of digits compare as numbers, so {@code t2.tif} comes before
   * {@code t10.tif}, as a microscopist numbering frames expects; ties break on the plain name.
   */
  public static final Comparator<String> NATURAL_ORDER = FileNames::compareNatural;

  private static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int ei = digitsEnd(a, i);
        int ej = digitsEnd(b, j);
        int cmp = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
        if (cmp != 0) {
          return cmp;
        }
        i = ei;
        j = ej;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int byLength = Integer.compare(a.length() - i, b.length() - j);
    return byLength != 0 ? byLength : a.compareTo(b);
  }

  private static int digitsEnd(String s, int from) {
    int end = from;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end;
  }
}
