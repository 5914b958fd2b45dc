package dev.tessera.trainer.weights;

import dev.tessera.imaging.instances.ConnectedComponents;
import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.trainer.image.Labels;

/**
 * What the network is trained on for one image: the class of every pixel (0 = background or
 * membrane, 1 = cell or, with a boundary class, a cell's interior, 2 = a cell's outline), the cells
 * as instances (touching cells separated by a one-pixel gap) and the loss weight of every pixel.
 *
 * @param width image width
 * @param height image height
 * @param classes class per pixel: {@link #BACKGROUND}, {@link #CELL}, {@link #BOUNDARY}
 * @param instances cell labels after separation, 0 = background
 * @param weights loss weight per pixel
 */
public record Targets(int width, int height, int[] classes, int[] instances, float[] weights) {

  /** Class of background (and membrane) pixels. */
  public static final int BACKGROUND = 0;

  /** Class of cell pixels; with a boundary class, of a cell's interior. */
  public static final int CELL = 1;

  /** Class of a cell's outline in the three-class task. */
  public static final int BOUNDARY = 2;

  /** Number of classes of the two-class (background, cell) task. */
  public static final int CLASSES = 2;

  /** Number of classes of the three-class (background, interior, boundary) task. */
  public static final int BOUNDARY_CLASSES = 3;

  /**
   * Targets from an instance label map (DSB2018 style: each cell its own label, touching cells
   * with different labels): touching cells are separated, class 1 = any cell.
   */
  public static Targets fromInstances(int[] labels, int width, int height, WeightMap weightMap) {
    return fromInstances(labels, width, height, weightMap, false);
  }

  /**
   * As {@link #fromInstances(int[], int, int, WeightMap)}; with {@code boundary} each separated
   * cell's inner outline (its pixels with a 4-neighbour inside the image that is not the same cell)
   * is class {@link #BOUNDARY} and the rest of the cell {@link #CELL}: between two touching cells
   * lie boundary, a one-pixel background gap and boundary, so the interiors stay three pixels apart.
   */
  public static Targets fromInstances(int[] labels, int width, int height, WeightMap weightMap, boolean boundary) {
    int[] separated = Labels.separateTouching(labels, width, height);
    int[] classes = new int[separated.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int l = separated[i];
        if (l == 0) {
          continue;
        }
        boolean outline = boundary && ((x > 0 && separated[i - 1] != l) || (x + 1 < width && separated[i + 1] != l)
            || (y > 0 && separated[i - width] != l) || (y + 1 < height && separated[i + width] != l));
        classes[i] = outline ? BOUNDARY : CELL;
      }
    }
    return new Targets(width, height, classes, separated,
        weightMap.compute(separated, classes, boundary ? BOUNDARY_CLASSES : CLASSES, width, height));
  }

  /**
   * Targets from a binary mask (ISBI 2012 style: cell interior vs membrane): the cells are the
   * 4-connected components of the foreground.
   */
  public static Targets fromMask(boolean[] foreground, int width, int height, WeightMap weightMap) {
    int[] instances = ConnectedComponents.label(foreground, width, height, Connectivity.FOUR).labels();
    int[] classes = new int[foreground.length];
    for (int i = 0; i < foreground.length; i++) {
      classes[i] = foreground[i] ? CELL : BACKGROUND;
    }
    return new Targets(width, height, classes, instances,
        weightMap.compute(instances, classes, CLASSES, width, height));
  }
}
