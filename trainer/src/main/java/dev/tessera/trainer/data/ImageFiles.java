package dev.tessera.trainer.data;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes PNG and TIFF images (TIFF through TwelveMonkeys' ImageIO plugin); {@link RawImage#read} reads them. */
public final class ImageFiles {

  private ImageFiles() {}

  /** Whether {@code path} has an extension this class reads. */
  public static boolean isImage(Path path) {
    String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff");
  }

  /** Writes a 16-bit grey PNG or TIFF (by extension) of values 0..65535. */
  public static void writeGrey16(Path path, int width, int height, int[] values) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = img.getRaster();
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] > 65535) {
        throw new IllegalArgumentException("value " + values[i] + " at pixel " + i + " does not fit 16 bits");
      }
    }
    raster.setSamples(0, 0, width, height, 0, values);
    write(path, img);
  }

  /** Writes an 8-bit grey PNG or TIFF of values 0..255 (clamped). */
  public static void writeGrey8(Path path, int width, int height, int[] values) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    int[] clamped = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      clamped[i] = Math.max(0, Math.min(255, values[i]));
    }
    img.getRaster().setSamples(0, 0, width, height, 0, clamped);
    write(path, img);
  }

  /** Writes an 8-bit RGB image of packed {@code 0xRRGGBB} pixels. */
  public static void writeRgb(Path path, int width, int height, int[] rgb) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, width, height, rgb, 0, width);
    write(path, img);
  }

  private static void write(Path path, BufferedImage img) throws IOException {
    String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
    String format = n.endsWith(".tif") || n.endsWith(".tiff") ? "tiff" : "png";
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(img, format, path.toFile())) {
      throw new IOException("No ImageIO writer for " + format + " (writing " + path + ")");
    }
  }
}
