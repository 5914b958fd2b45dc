package dev.tessera.trainer.data;

import dev.tessera.records.PixelType;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Reads and writes PNG and TIFF images (TIFF through TwelveMonkeys' ImageIO plugin). Reading gives
 * one channel: grey images as they are (8 or 16 bit), colour images (RGB or RGBA, 8 or 16 bit,
 * or palette) as their luminance {@code 0.299 R + 0.587 G + 0.114 B} rounded to the file's bit
 * depth (ITU-R BT.601, as PIL's {@code convert("L")}); alpha is ignored.
 */
public final class ImageFiles {

  private ImageFiles() {}

  /** Whether {@code path} has an extension this class reads. */
  public static boolean isImage(Path path) {
    String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff");
  }

  /**
   * Reads {@code path}.
   *
   * @throws IOException when the file cannot be read or holds a format other than 8/16-bit grey,
   *     RGB(A) or palette colour
   */
  public static RawImage read(Path path) throws IOException {
    BufferedImage img;
    try {
      img = ImageIO.read(path.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("Cannot read image " + path + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new IOException("Cannot read image " + path + ": not a PNG or TIFF this reader understands");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    Raster raster = img.getRaster();
    ColorModel cm = img.getColorModel();
    int dataType = raster.getDataBuffer().getDataType();
    int bands = raster.getNumBands();
    int[] values = new int[w * h];
    if (cm instanceof IndexColorModel) {
      int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < values.length; i++) {
        int p = argb[i];
        values[i] = luminance((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
      }
      return new RawImage(w, h, PixelType.UINT8, values);
    }
    PixelType type = switch (dataType) {
      case DataBuffer.TYPE_BYTE -> PixelType.UINT8;
      case DataBuffer.TYPE_USHORT, DataBuffer.TYPE_SHORT -> PixelType.UINT16;
      default -> throw new IOException("Cannot read image " + path + ": " + cm.getPixelSize() / bands
          + "-bit samples of data type " + dataType + " are not supported (8 or 16 bit only)");
    };
    int mask = type == PixelType.UINT8 ? 0xFF : 0xFFFF;
    int colourBands = cm.getNumColorComponents();
    if (colourBands == 1) {
      raster.getSamples(0, 0, w, h, 0, values);
      for (int i = 0; i < values.length; i++) {
        values[i] &= mask;
      }
      if (cm.getPixelSize() == 1 || (cm.getComponentSize(0) < 8 && type == PixelType.UINT8)) {
        // 1-, 2- or 4-bit grey: stretch to 8 bits so "foreground = 255" keeps its meaning.
        int max = (1 << cm.getComponentSize(0)) - 1;
        for (int i = 0; i < values.length; i++) {
          values[i] = values[i] * 255 / max;
        }
      }
    } else if (colourBands == 3) {
      int[] r = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      int[] g = raster.getSamples(0, 0, w, h, 1, (int[]) null);
      int[] b = raster.getSamples(0, 0, w, h, 2, (int[]) null);
      for (int i = 0; i < values.length; i++) {
        values[i] = luminance(r[i] & mask, g[i] & mask, b[i] & mask);
      }
    } else {
      throw new IOException("Cannot read image " + path + ": " + colourBands
          + " colour channels are not supported (grey or RGB(A) only)");
    }
    return new RawImage(w, h, type, values);
  }

  /** Rounded BT.601 luminance. */
  public static int luminance(int r, int g, int b) {
    return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
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
