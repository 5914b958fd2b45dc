package dev.tessera.trainer.weights;

import dev.tessera.imaging.instances.ConnectedComponents;
import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.trainer.image.Labels;

/**
 * What the network is trained on for one image: the class of every pixel (0 = background or
 * membrane, 1 = cell), the cells as instances (touching cells separated by a one-pixel gap) and
 * the loss weight of every pixel.
 *
 * @param width image width
 * @param height image height
 * @param classes class per pixel, 0 or 1
 * @param instances cell labels after separation, 0 = background
 * @param weights loss weight per pixel
 */
public record Targets(int width, int height, int[] classes, int[] instances, float[] weights) {

  /** Number of classes of the two-class (background, cell) task. */
  public static final int CLASSES = 2;

  /**
   * Targets from an instance label map (DSB2018 style: each cell its own label, touching cells
   * with different labels): touching cells are separated, class 1 = any cell.
   */
  public static Targets fromInstances(int[] labels, int width, int height, WeightMap weightMap) {
    int[] separated = Labels.separateTouching(labels, width, height);
    int[] classes = new int[separated.length];
    for (int i = 0; i < separated.length; i++) {
      classes[i] = separated[i] != 0 ? 1 : 0;
    }
    return new Targets(width, height, classes, separated,
        weightMap.compute(separated, classes, CLASSES, width, height));
  }

  /**
   * Targets from a binary mask (ISBI 2012 style: cell interior vs membrane): the cells are the
   * 4-connected components of the foreground.
   */
  public static Targets fromMask(boolean[] foreground, int width, int height, WeightMap weightMap) {
    int[] instances = ConnectedComponents.label(foreground, width, height, Connectivity.FOUR).labels();
    int[] classes = new int[foreground.length];
    for (int i = 0; i < foreground.length; i++) {
      classes[i] = foreground[i] ? 1 : 0;
    }
    return new Targets(width, height, classes, instances,
        weightMap.compute(instances, classes, CLASSES, width, height));
  }
}
