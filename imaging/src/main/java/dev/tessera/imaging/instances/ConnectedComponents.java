package dev.tessera.imaging.instances;

/** Connected components of a binary image by breadth-first flood fill. */
public final class ConnectedComponents {

  private ConnectedComponents() {}

  /**
   * Labels the connected components of the pixels where {@code mask} is non-zero.
   *
   * @param mask one byte per pixel, row-major; non-zero is foreground
   * @return components numbered 1..K in raster order of their first pixel
   */
  public static Instances label(byte[] mask, int width, int height, Connectivity connectivity) {
    checkSize(mask.length, width, height);
    int[] labels = new int[mask.length];
    int[] queue = new int[mask.length];
    int[] nb = new int[8];
    int count = 0;
    for (int start = 0; start < mask.length; start++) {
      if (mask[start] == 0 || labels[start] != 0) {
        continue;
      }
      count++;
      labels[start] = count;
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      while (head < tail) {
        int p = queue[head++];
        int n = connectivity.neighbours(p % width, p / width, width, height, nb);
        for (int k = 0; k < n; k++) {
          int q = nb[k];
          if (mask[q] != 0 && labels[q] == 0) {
            labels[q] = count;
            queue[tail++] = q;
          }
        }
      }
    }
    return new Instances(width, height, labels, count);
  }

  /**
   * Labels the connected components of the pixels where {@code mask} is true, as
   * {@link #label(byte[], int, int, Connectivity)} does.
   */
  public static Instances label(boolean[] mask, int width, int height, Connectivity connectivity) {
    byte[] bytes = new byte[mask.length];
    for (int i = 0; i < mask.length; i++) {
      bytes[i] = mask[i] ? (byte) 1 : 0;
    }
    return label(bytes, width, height, connectivity);
  }

  static void checkSize(int length, int width, int height) {
    if (width < 1 || height < 1 || (long) width * height != length) {
      throw new IllegalArgumentException(length + " pixels are not a " + width + "x" + height + " image");
    }
  }
}
