package dev.tessera.imaging.geometry;

/**
 * Columns {@code [x, x + width)} and rows {@code [y, y + height)}.
 *
 * @param x first column
 * @param y first row
 * @param width columns
 * @param height rows
 */
public record Rect(int x, int y, int width, int height) {

  public Rect {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative size " + width + "x" + height);
    }
  }

  public int area() {
    return width * height;
  }

  public boolean contains(int px, int py) {
    return px >= x && px < x + width && py >= y && py < y + height;
  }
}
