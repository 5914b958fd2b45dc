package dev.tessera.cli.output;

import java.awt.image.BufferedImage;

/**
 * Renders instance labels over a grey frame: each cell tinted with a colour of its own (a golden-
 * angle hue walk, so neighbours differ) and outlined where a pixel's 4-neighbour has another
 * label.
 */
public final class Overlay {

  private static final double TINT = 0.35;

  private Overlay() {}

  public static BufferedImage render(int width, int height, byte[] grey, int[] labels) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int g = grey[i] & 0xFF;
        int label = labels[i];
        int rgb;
        if (label == 0) {
          rgb = g << 16 | g << 8 | g;
        } else {
          int colour = colour(label);
          boolean edge = edge(labels, width, height, x, y);
          rgb = edge ? colour : blend(g, colour);
        }
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  static int colour(int label) {
    float hue = (float) ((label * 0.618033988749895) % 1.0);
    return java.awt.Color.HSBtoRGB(hue, 0.85f, 1.0f) & 0xFFFFFF;
  }

  private static int blend(int grey, int colour) {
    int r = (int) ((1 - TINT) * grey + TINT * (colour >> 16 & 0xFF));
    int g = (int) ((1 - TINT) * grey + TINT * (colour >> 8 & 0xFF));
    int b = (int) ((1 - TINT) * grey + TINT * (colour & 0xFF));
    return r << 16 | g << 8 | b;
  }

  private static boolean edge(int[] labels, int width, int height, int x, int y) {
    int l = labels[y * width + x];
    return (x > 0 && labels[y * width + x - 1] != l)
        || (x < width - 1 && labels[y * width + x + 1] != l)
        || (y > 0 && labels[(y - 1) * width + x] != l)
        || (y < height - 1 && labels[(y + 1) * width + x] != l);
  }
}
