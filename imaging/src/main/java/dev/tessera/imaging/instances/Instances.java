package dev.tessera.imaging.instances;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A label image: 0 for background, 1..{@link #count()} one cell each, numbered in raster order
 * of each cell's first pixel (top row first, left to right), so equal inputs give equal labels.
 *
 * @param width columns
 * @param height rows
 * @param labels one label per pixel, row-major
 * @param count the number of cells
 */
public record Instances(int width, int height, int[] labels, int count) {

  /** The largest label a 16-bit label image can hold. */
  public static final int MAX_UINT16_LABELS = 65535;

  /**
   * The labels as uint16 little-endian, like a 16-bit label TIFF.
   *
   * @throws IllegalStateException when there are more than {@value #MAX_UINT16_LABELS} cells
   */
  public byte[] toUint16Le() {
    if (count > MAX_UINT16_LABELS) {
      throw new IllegalStateException(count + " instances do not fit uint16 labels");
    }
    byte[] out = new byte[labels.length * 2];
    ByteBuffer le = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < labels.length; i++) {
      le.putShort(2 * i, (short) labels[i]);
    }
    return out;
  }

  /**
   * These cells without those of fewer than {@code minArea} pixels, renumbered; this object when
   * none is that small.
   */
  public Instances withoutCellsBelow(int minArea) {
    if (minArea <= 1 || count == 0) {
      return this;
    }
    int[] area = new int[count + 1];
    for (int l : labels) {
      area[l]++;
    }
    boolean any = false;
    for (int l = 1; l <= count && !any; l++) {
      any = area[l] < minArea;
    }
    if (!any) {
      return this;
    }
    int[] kept = labels.clone();
    for (int i = 0; i < kept.length; i++) {
      if (area[kept[i]] < minArea) {
        kept[i] = 0;
      }
    }
    return renumbered(width, height, kept, count);
  }

  /**
   * Renumbers {@code labels} (any positive ids, 0 = background) in raster order of first pixels.
   */
  static Instances renumbered(int width, int height, int[] labels, int maxLabel) {
    int[] map = new int[maxLabel + 1];
    int next = 0;
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int l = labels[i];
      if (l != 0) {
        if (map[l] == 0) {
          map[l] = ++next;
        }
        out[i] = map[l];
      }
    }
    return new Instances(width, height, out, next);
  }
}
