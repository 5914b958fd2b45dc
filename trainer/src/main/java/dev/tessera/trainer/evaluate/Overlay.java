package dev.tessera.trainer.evaluate;

/**
 * An overlay of a prediction on its image for the eye: the image in grey, cell pixels found by both
 * truth and prediction tinted green, predicted-only pixels (false positives) magenta, missed pixels
 * (false negatives) blue.
 */
public final class Overlay {

  private Overlay() {}

  /**
   * Packed {@code 0xRRGGBB} pixels.
   *
   * @param image normalized image (about 0..1), row-major
   */
  public static int[] render(float[] image, boolean[] truth, boolean[] predicted) {
    int[] rgb = new int[image.length];
    for (int i = 0; i < image.length; i++) {
      int g = Math.max(0, Math.min(255, Math.round(image[i] * 255)));
      int r = g;
      int gr = g;
      int b = g;
      if (truth[i] && predicted[i]) {
        r = mix(g, 40);
        gr = mix(g, 220);
        b = mix(g, 60);
      } else if (predicted[i]) {
        r = mix(g, 240);
        gr = mix(g, 40);
        b = mix(g, 220);
      } else if (truth[i]) {
        r = mix(g, 40);
        gr = mix(g, 120);
        b = mix(g, 255);
      }
      rgb[i] = (r << 16) | (gr << 8) | b;
    }
    return rgb;
  }

  private static int mix(int grey, int colour) {
    return (int) Math.round(0.55 * grey + 0.45 * colour);
  }
}
