package dev.tessera.imaging.instances;

/**
 * Which pixels touch. {@link #FOUR} (the default) joins pixels sharing an edge, so a one-pixel
 * diagonal gap predicted between two cells keeps them apart; it is also the connectivity of the
 * Rand error in DESIGN.md section 7. {@link #EIGHT} also joins pixels touching at a corner.
 */
public enum Connectivity {
  FOUR(new int[] {0, -1, 1, 0}, new int[] {-1, 0, 0, 1}),
  EIGHT(new int[] {-1, 0, 1, -1, 1, -1, 0, 1}, new int[] {-1, -1, -1, 0, 0, 1, 1, 1});

  private final int[] dx;
  private final int[] dy;

  Connectivity(int[] dx, int[] dy) {
    this.dx = dx;
    this.dy = dy;
  }

  /**
   * The connectivity for 4 or 8.
   *
   * @throws IllegalArgumentException naming the config key and the allowed values
   */
  public static Connectivity of(int neighbours) {
    return switch (neighbours) {
      case 4 -> FOUR;
      case 8 -> EIGHT;
      default -> throw new IllegalArgumentException(
          "connectivity=" + neighbours + " is not one of 4, 8");
    };
  }

  /** 4 or 8. */
  public int neighbours() {
    return dx.length;
  }

  /**
   * Writes the indices of the in-frame neighbours of pixel {@code (x, y)} into {@code out} and
   * returns how many there are.
   */
  int neighbours(int x, int y, int width, int height, int[] out) {
    int n = 0;
    for (int k = 0; k < dx.length; k++) {
      int nx = x + dx[k];
      int ny = y + dy[k];
      if (nx >= 0 && nx < width && ny >= 0 && ny < height) {
        out[n++] = ny * width + nx;
      }
    }
    return n;
  }
}
