package dev.tessera.ingest.publish;

import java.util.regex.Pattern;

/**
 * Acquisition ids: the key of every frame and the prefix of tile keys ({@code acq/frame/tile}),
 * so they must not contain {@code /}, and they appear in URLs and file names, so Tessera keeps
 * them to letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit,
 * at most 128 characters.
 */
public final class AcquisitionIds {

  private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern ILLEGAL_CHARS = Pattern.compile("[^A-Za-z0-9._-]+");

  private AcquisitionIds() {}

  /** True when {@code id} is a legal acquisition id. */
  public static boolean isLegal(String id) {
    return id != null && LEGAL.matcher(id).matches();
  }

  /**
   * Returns {@code id} when legal.
   *
   * @throws IllegalArgumentException saying what a legal id is
   */
  public static String check(String id) {
    if (!isLegal(id)) {
      throw new IllegalArgumentException("acquisition id '" + id + "' is not legal: use 1 to 128 letters, digits, '.',"
          + " '_' or '-', starting with a letter or digit");
    }
    return id;
  }

  /**
   * A legal id derived from a folder name: runs of other characters become {@code -} (none
   * leading or trailing), so {@code "2026-05-01 run 3"} becomes {@code "2026-05-01-run-3"}.
   */
  public static String fromName(String name) {
    String id = ILLEGAL_CHARS.matcher(name == null ? "" : name).replaceAll("-");
    id = id.replaceAll("^[._-]+|-+$", "");
    if (id.length() > 128) {
      id = id.substring(0, 128);
    }
    return id.isEmpty() ? "acquisition" : id;
  }
}
