package dev.tessera.trainer.augment;

/**
 * An image ready for training: its normalized values and the class and loss weight of every pixel.
 *
 * @param name where it came from (file name)
 * @param width width in pixels
 * @param height height in pixels
 * @param image normalized values, row-major
 * @param classes class per pixel
 * @param weights loss weight per pixel
 */
public record TrainingImage(String name, int width, int height, float[] image, int[] classes, float[] weights) {

  public TrainingImage {
    int n = width * height;
    if (width <= 0 || height <= 0 || image.length != n || classes.length != n || weights.length != n) {
      throw new IllegalArgumentException(name + ": " + width + "x" + height + " needs " + n
          + " values in image, classes and weights, got " + image.length + ", " + classes.length + ", "
          + weights.length);
    }
  }
}
