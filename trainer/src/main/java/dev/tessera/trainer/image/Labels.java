package dev.tessera.trainer.image;

import java.util.Arrays;

/**
 * Label images: row-major {@code int[]} of {@code width x height}, 0 = background, positive
 * values = objects. Connected components use 4-connectivity throughout Tessera (the ISBI 2012
 * Rand error is defined with it, DESIGN.md section 7).
 */
public final class Labels {

  private Labels() {}

  /**
   * Labels the 4-connected components of {@code mask} 1..K in raster order of their first pixel;
   * background stays 0.
   */
  public static int[] components(boolean[] mask, int width, int height) {
    checkSize(mask.length, width, height);
    int[] labels = new int[mask.length];
    int[] stack = new int[Math.max(16, mask.length)];
    int next = 0;
    for (int start = 0; start < mask.length; start++) {
      if (!mask[start] || labels[start] != 0) {
        continue;
      }
      int label = ++next;
      int top = 0;
      stack[top++] = start;
      labels[start] = label;
      while (top > 0) {
        int p = stack[--top];
        int x = p % width;
        int y = p / width;
        if (x > 0 && mask[p - 1] && labels[p - 1] == 0) {
          labels[p - 1] = label;
          stack[top++] = p - 1;
        }
        if (x < width - 1 && mask[p + 1] && labels[p + 1] == 0) {
          labels[p + 1] = label;
          stack[top++] = p + 1;
        }
        if (y > 0 && mask[p - width] && labels[p - width] == 0) {
          labels[p - width] = label;
          stack[top++] = p - width;
        }
        if (y < height - 1 && mask[p + width] && labels[p + width] == 0) {
          labels[p + width] = label;
          stack[top++] = p + width;
        }
      }
    }
    return labels;
  }

  /** Components of the pixels whose label is not 0. */
  public static int[] components(int[] labels, int width, int height) {
    return components(foreground(labels), width, height);
  }

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
    checkSize(labels.length, width, height);
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

  /** The largest label (0 for an empty image). */
  public static int max(int[] labels) {
    return Arrays.stream(labels).max().orElse(0);
  }

  /** Renumbers the non-zero labels 1..K in order of their first appearance. */
  public static int[] relabel(int[] labels) {
    int[] out = new int[labels.length];
    java.util.Map<Integer, Integer> ids = new java.util.HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0) {
        out[i] = ids.computeIfAbsent(labels[i], k -> ids.size() + 1);
      }
    }
    return out;
  }

  private static void checkSize(int length, int width, int height) {
    if (width <= 0 || height <= 0 || (long) width * height != length) {
      throw new IllegalArgumentException(width + "x" + height + " does not match " + length + " pixels");
    }
  }
}
