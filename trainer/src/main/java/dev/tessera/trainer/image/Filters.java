package dev.tessera.trainer.image;

import dev.tessera.imaging.geometry.Mirror;

/** Separable Gaussian smoothing with mirrored borders (the tiler's {@link Mirror}). */
public final class Filters {

  private Filters() {}

  /** A copy of {@code image} smoothed with a Gaussian of standard deviation {@code sigma} pixels. */
  public static float[] gaussian(float[] image, int width, int height, double sigma) {
    if (sigma <= 0) {
      return image.clone();
    }
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int k = -radius; k <= radius; k++) {
      kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
      sum += kernel[k + radius];
    }
    for (int k = 0; k < kernel.length; k++) {
      kernel[k] /= sum;
    }
    float[] tmp = new float[image.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double s = 0;
        for (int k = -radius; k <= radius; k++) {
          s += kernel[k + radius] * image[y * width + Mirror.reflect(x + k, width)];
        }
        tmp[y * width + x] = (float) s;
      }
    }
    float[] out = new float[image.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double s = 0;
        for (int k = -radius; k <= radius; k++) {
          s += kernel[k + radius] * tmp[Mirror.reflect(y + k, height) * width + x];
        }
        out[y * width + x] = (float) s;
      }
    }
    return out;
  }
}
