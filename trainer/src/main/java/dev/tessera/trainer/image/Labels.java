package dev.tessera.trainer.image;

/**
 * What the trainer does to label images (row-major {@code int[]} of {@code width x height}, 0 =
 * background, positive values = objects) before training on them. Their connected components are
 * {@link dev.tessera.imaging.instances.ConnectedComponents}, with 4-connectivity throughout the
 * trainer (the ISBI 2012 Rand error is defined with it, DESIGN.md section 7).
 */
public final class Labels {

  private Labels() {}

  /** Whether each pixel is not 0. */
  public static boolean[] foreground(int[] labels) {
    boolean[] fg = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      fg[i] = labels[i] != 0;
    }
    return fg;
  }

  /**
   * Opens a one-pixel gap wherever two different objects touch: of each 4-adjacent pair of pixels
   * with different non-zero labels, the one with the smaller label becomes background. Afterwards
   * no two objects are 4-adjacent, so a two-class (background / cell) target still separates
   * touching cells and its connected components are the objects again.
   */
  public static int[] separateTouching(int[] labels, int width, int height) {
    if (width <= 0 || height <= 0 || (long) width * height != labels.length) {
      throw new IllegalArgumentException(width + "x" + height + " does not match " + labels.length + " pixels");
    }
    int[] out = labels.clone();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        int v = labels[p];
        if (v == 0) {
          continue;
        }
        if ((x > 0 && touchesLarger(v, labels[p - 1]))
            || (x < width - 1 && touchesLarger(v, labels[p + 1]))
            || (y > 0 && touchesLarger(v, labels[p - width]))
            || (y < height - 1 && touchesLarger(v, labels[p + width]))) {
          out[p] = 0;
        }
      }
    }
    return out;
  }

  private static boolean touchesLarger(int v, int neighbour) {
    return neighbour != 0 && neighbour > v;
  }
}
