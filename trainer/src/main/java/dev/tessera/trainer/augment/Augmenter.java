package dev.tessera.trainer.augment;

import dev.tessera.imaging.geometry.Mirror;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.util.random.RandomGenerator;

/**
 * Cuts augmented training tiles out of an image and its targets. One coordinate map per tile
 * composes a random shift (the tile's position), a rotation by a multiple of 90 degrees and a flip
 * about the tile centre, and an elastic displacement; the image is sampled bilinearly, classes and
 * weights with the nearest neighbour, so labels never take values they did not have. Coordinates
 * outside the image are mirrored with the tiler's {@link Mirror#reflect(int, int)}, exactly as
 * inference mirrors frames; with every augmentation off a tile equals
 * {@link Mirror#cut(float[], int, int, int, int, int, int)}.
 */
public final class Augmenter {

  private final AugmentSpec spec;
  private final int inputSize;
  private final int outputSize;
  private final int margin;

  /** An augmenter for tiles of {@code inputSize} pixels of a network with {@code geometry}. */
  public Augmenter(AugmentSpec spec, UNetGeometry geometry, int inputSize) {
    this.spec = spec;
    this.inputSize = inputSize;
    this.outputSize = geometry.requireOutputSize(inputSize);
    this.margin = geometry.margin();
  }

  public int inputSize() {
    return inputSize;
  }

  public int outputSize() {
    return outputSize;
  }

  /**
   * One tile: the input window of {@code inputSize^2} values and the classes and weights of its
   * {@code outputSize^2} centre.
   */
  public Sample sample(TrainingImage image, RandomGenerator random) {
    int maxX = Math.max(image.width() - outputSize, 0);
    int maxY = Math.max(image.height() - outputSize, 0);
    int ox = spec.shift() ? random.nextInt(maxX + 1) : 0;
    int oy = spec.shift() ? random.nextInt(maxY + 1) : 0;
    int rotation = spec.rotate() ? random.nextInt(4) : 0;
    boolean flip = spec.flip() && random.nextBoolean();
    ElasticField field = spec.elasticStd() > 0
        ? ElasticField.random(inputSize, spec.elasticGrid(), spec.elasticStd(), random)
        : ElasticField.zero(inputSize);
    double scale = spec.greyScale() > 0 ? 1 + (2 * random.nextDouble() - 1) * spec.greyScale() : 1;
    double offset = spec.greyOffset() > 0 ? (2 * random.nextDouble() - 1) * spec.greyOffset() : 0;
    return sample(image, ox, oy, rotation, flip, field, scale, offset);
  }

  /**
   * The tile whose output region starts at {@code (ox, oy)} of the image, turned by {@code
   * rotation} quarter turns, flipped if asked, displaced by {@code field}, grey values mapped
   * {@code v -> scale * v + offset}.
   */
  public Sample sample(TrainingImage image, int ox, int oy, int rotation, boolean flip, ElasticField field,
      double scale, double offset) {
    if (field.size() != inputSize) {
      throw new IllegalArgumentException("displacement field of " + field.size() + " pixels for tiles of " + inputSize);
    }
    int w = image.width();
    int h = image.height();
    float[] input = new float[inputSize * inputSize];
    int[] classes = new int[outputSize * outputSize];
    float[] weights = new float[outputSize * outputSize];
    // Tile pixel u maps to source x = ox - margin + c + R(u - c) + dx with c the tile centre; with
    // an even tile the centre is a half-integer and quarter turns map pixels onto pixels.
    double c = (inputSize - 1) / 2.0;
    double baseX = ox - margin + c;
    double baseY = oy - margin + c;
    for (int v = 0; v < inputSize; v++) {
      for (int u = 0; u < inputSize; u++) {
        double px = u - c;
        double py = v - c;
        if (flip) {
          px = -px;
        }
        double rx;
        double ry;
        switch (rotation & 3) {
          case 1 -> {
            rx = -py;
            ry = px;
          }
          case 2 -> {
            rx = -px;
            ry = -py;
          }
          case 3 -> {
            rx = py;
            ry = -px;
          }
          default -> {
            rx = px;
            ry = py;
          }
        }
        double sx = baseX + rx + field.dx(u, v);
        double sy = baseY + ry + field.dy(u, v);
        input[v * inputSize + u] = (float) (scale * bilinear(image.image(), w, h, sx, sy) + offset);
        int ou = u - margin;
        int ovv = v - margin;
        if (ou >= 0 && ou < outputSize && ovv >= 0 && ovv < outputSize) {
          int nearest = Mirror.reflect((int) Math.round(sy), h) * w + Mirror.reflect((int) Math.round(sx), w);
          classes[ovv * outputSize + ou] = image.classes()[nearest];
          weights[ovv * outputSize + ou] = image.weights()[nearest];
        }
      }
    }
    return new Sample(input, classes, weights);
  }

  private static double bilinear(float[] img, int w, int h, double x, double y) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    double ax = x - fx;
    double ay = y - fy;
    int x0 = Mirror.reflect((int) fx, w);
    int y0 = Mirror.reflect((int) fy, h);
    if (ax == 0 && ay == 0) {
      return img[y0 * w + x0];
    }
    int x1 = Mirror.reflect((int) fx + 1, w);
    int y1 = Mirror.reflect((int) fy + 1, h);
    double top = img[y0 * w + x0] * (1 - ax) + img[y0 * w + x1] * ax;
    double bottom = img[y1 * w + x0] * (1 - ax) + img[y1 * w + x1] * ax;
    return top * (1 - ay) + bottom * ay;
  }

  /**
   * A training tile.
   *
   * @param input normalized input, {@code inputSize^2}, row-major
   * @param classes class per output pixel, {@code outputSize^2}
   * @param weights loss weight per output pixel
   */
  public record Sample(float[] input, int[] classes, float[] weights) {}
}
