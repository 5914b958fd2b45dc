package dev.tessera.imaging.overlay;

import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.records.Frame;
import dev.tessera.records.Normalization;
import java.awt.Color;
import java.nio.ByteBuffer;

/**
 * Overlays of a segmentation on its frame in grey, as packed {@code 0xRRGGBB} pixels, row-major,
 * for {@link dev.tessera.imaging.io.ImageFiles#writeRgb}. Background pixels keep their grey; a
 * tinted pixel is the grey mixed with a colour ({@link #tint}), rounded half up.
 */
public final class Overlay {

  /** Share of a cell's colour inside an instance; its outline is drawn in the full colour. */
  static final double INSTANCE_TINT = 0.35;
  /** Share of the colour in a truth-vs-prediction overlay. */
  static final double COMPARISON_TINT = 0.45;
  /** Cell in truth and prediction. */
  static final int GREEN = 0x28DC3C;
  /** Predicted only: a false positive. */
  static final int MAGENTA = 0xF028DC;
  /** In the truth only: missed, a false negative. */
  static final int BLUE = 0x2878FF;

  private Overlay() {}

  /**
   * The 8-bit grey of a normalized frame, 0..1 to 0..255, rounded half up and clamped.
   *
   * @param normalized values about 0..1, such as {@code Normalizer.apply} gives
   */
  public static byte[] displayGrey(float[] normalized) {
    byte[] grey = new byte[normalized.length];
    for (int i = 0; i < normalized.length; i++) {
      grey[i] = (byte) Math.max(0, Math.min(255, Math.round(normalized[i] * 255f)));
    }
    return grey;
  }

  /** A frame's 8-bit display image: Tessera's default normalization (percentiles), then {@link #displayGrey(float[])}. */
  public static byte[] displayGrey(Frame frame) {
    ByteBuffer pixels = frame.getPixels();
    Normalization n = Normalizer.compute(NormalizationSpec.defaults(), pixels, frame.getPixelType());
    return displayGrey(Normalizer.apply(n, pixels, frame.getPixelType()));
  }

  /**
   * Instances over the grey frame: each cell tinted with a colour of its own (a golden-angle hue
   * walk, so neighbouring labels differ) and outlined in that colour where a pixel's 4-neighbour
   * has another label.
   *
   * @param grey the frame, one unsigned byte per pixel ({@link #displayGrey})
   * @param labels instance labels, 0 = background
   */
  public static int[] instances(int width, int height, byte[] grey, int[] labels) {
    checkLength(width, height, grey.length, "grey");
    checkLength(width, height, labels.length, "labels");
    int[] rgb = new int[labels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int g = grey[i] & 0xFF;
        int label = labels[i];
        if (label == 0) {
          rgb[i] = grey(g);
        } else {
          int colour = colour(label);
          rgb[i] = edge(labels, width, height, x, y) ? colour : tint(g, colour, INSTANCE_TINT);
        }
      }
    }
    return rgb;
  }

  /**
   * Prediction against truth over the grey image: cell pixels in both green, predicted only
   * (false positives) magenta, missed (false negatives) blue.
   *
   * @param grey the image, one unsigned byte per pixel ({@link #displayGrey})
   */
  public static int[] comparison(byte[] grey, boolean[] truth, boolean[] predicted) {
    if (truth.length != grey.length || predicted.length != grey.length) {
      throw new IllegalArgumentException(grey.length + " grey pixels, " + truth.length + " truth pixels and "
          + predicted.length + " predicted pixels differ");
    }
    int[] rgb = new int[grey.length];
    for (int i = 0; i < grey.length; i++) {
      int g = grey[i] & 0xFF;
      if (truth[i] && predicted[i]) {
        rgb[i] = tint(g, GREEN, COMPARISON_TINT);
      } else if (predicted[i]) {
        rgb[i] = tint(g, MAGENTA, COMPARISON_TINT);
      } else if (truth[i]) {
        rgb[i] = tint(g, BLUE, COMPARISON_TINT);
      } else {
        rgb[i] = grey(g);
      }
    }
    return rgb;
  }

  /** The colour of instance {@code label}: hue {@code label * golden ratio}, saturated, bright. */
  static int colour(int label) {
    float hue = (float) ((label * 0.618033988749895) % 1.0);
    return Color.HSBtoRGB(hue, 0.85f, 1.0f) & 0xFFFFFF;
  }

  private static int grey(int g) {
    return g << 16 | g << 8 | g;
  }

  /** Grey mixed with {@code share} of {@code colour}, each channel rounded half up. */
  static int tint(int grey, int colour, double share) {
    int r = (int) Math.round((1 - share) * grey + share * (colour >> 16 & 0xFF));
    int g = (int) Math.round((1 - share) * grey + share * (colour >> 8 & 0xFF));
    int b = (int) Math.round((1 - share) * grey + share * (colour & 0xFF));
    return r << 16 | g << 8 | b;
  }

  private static boolean edge(int[] labels, int width, int height, int x, int y) {
    int l = labels[y * width + x];
    return (x > 0 && labels[y * width + x - 1] != l)
        || (x < width - 1 && labels[y * width + x + 1] != l)
        || (y > 0 && labels[(y - 1) * width + x] != l)
        || (y < height - 1 && labels[(y + 1) * width + x] != l);
  }

  private static void checkLength(int width, int height, int length, String what) {
    if (width < 1 || height < 1 || (long) width * height != length) {
      throw new IllegalArgumentException(length + " " + what + " pixels are not a " + width + "x" + height + " image");
    }
  }
}
