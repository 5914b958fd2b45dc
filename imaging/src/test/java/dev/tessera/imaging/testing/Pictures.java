package dev.tessera.imaging.testing;

/** Small label and class images drawn as text, one string per row. */
public final class Pictures {

  private Pictures() {}

  /**
   * The pixel values of {@code rows}: each character's index in {@code legend}, e.g. legend
   * {@code ".#b"} reads '.' as 0, '#' as 1 and 'b' as 2.
   *
   * @throws IllegalArgumentException for a character not in the legend or rows of unequal length
   */
  public static int[] codes(String legend, String... rows) {
    int width = rows[0].length();
    int[] values = new int[rows.length * width];
    for (int y = 0; y < rows.length; y++) {
      if (rows[y].length() != width) {
        throw new IllegalArgumentException("row " + y + " has " + rows[y].length() + " pixels, row 0 " + width);
      }
      for (int x = 0; x < width; x++) {
        int v = legend.indexOf(rows[y].charAt(x));
        if (v < 0) {
          throw new IllegalArgumentException("'" + rows[y].charAt(x) + "' at (" + x + "," + y + ") is not in the legend '"
              + legend + "'");
        }
        values[y * width + x] = v;
      }
    }
    return values;
  }

  /** {@link #codes} as bytes. */
  public static byte[] byteCodes(String legend, String... rows) {
    int[] v = codes(legend, rows);
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }
}
