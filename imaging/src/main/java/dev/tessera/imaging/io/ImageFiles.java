package dev.tessera.imaging.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * PNG and TIFF files on disk: which names are images {@link ImageStack} reads, and writing the
 * images Tessera makes for people and other tools (16-bit label images as Fiji and napari read
 * them, 8-bit grey, RGB overlays). A name ending {@code .tif} or {@code .tiff} (any case) is
 * written as an uncompressed TIFF, any other as a PNG; missing parent folders are created.
 */
public final class ImageFiles {

  /** Extensions of the image files Tessera reads, lower case. */
  public static final List<String> EXTENSIONS = List.of(".tif", ".tiff", ".png");

  private ImageFiles() {}

  /** Whether {@code name} ends with one of {@link #EXTENSIONS}, in any case. */
  public static boolean hasImageExtension(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  /**
   * Writes 16-bit grey pixels, such as instance labels.
   *
   * @param values {@code width * height} values 0..65535, row-major
   * @throws IllegalArgumentException naming the first value that does not fit 16 bits
   */
  public static void writeGrey16(Path file, int width, int height, int[] values) throws IOException {
    checkLength(width, height, values);
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] > 65535) {
        throw new IllegalArgumentException("value " + values[i] + " at pixel " + i + " does not fit 16 bits");
      }
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setSamples(0, 0, width, height, 0, values);
    write(file, image);
  }

  /** Writes 8-bit grey pixels; values outside 0..255 are clamped. */
  public static void writeGrey8(Path file, int width, int height, int[] values) throws IOException {
    checkLength(width, height, values);
    int[] clamped = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      clamped[i] = Math.max(0, Math.min(255, values[i]));
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSamples(0, 0, width, height, 0, clamped);
    write(file, image);
  }

  /** Writes 8-bit RGB pixels given as packed {@code 0xRRGGBB}. */
  public static void writeRgb(Path file, int width, int height, int[] rgb) throws IOException {
    checkLength(width, height, rgb);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, rgb, 0, width);
    write(file, image);
  }

  private static void checkLength(int width, int height, int[] pixels) {
    if (width < 1 || height < 1 || (long) width * height != pixels.length) {
      throw new IllegalArgumentException(pixels.length + " pixels are not a " + width + "x" + height + " image");
    }
  }

  private static void write(Path file, BufferedImage image) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String format = name.endsWith(".tif") || name.endsWith(".tiff") ? "tiff" : "png";
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("No ImageIO writer for " + format + " (writing " + file + "; is imageio-tiff on the"
          + " classpath?)");
    }
  }
}
