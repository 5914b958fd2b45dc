package dev.tessera.imaging.testing;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageMetadata;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageWriterSpi;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Images generated in the tests, encoded with real ImageIO writers: TwelveMonkeys for integer
 * TIFFs (it writes LZW, Deflate, ...), the JDK's TIFF writer for float TIFFs (TwelveMonkeys does
 * not write floats) and the JDK's PNG writer.
 */
public final class TestImages {

  private TestImages() {}

  /** A pixel function of (x, y). */
  public static BufferedImage grey8(int w, int h, IntBinaryOperator f) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    fill(img.getRaster(), f);
    return img;
  }

  public static BufferedImage grey16(int w, int h, IntBinaryOperator f) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    fill(img.getRaster(), f);
    return img;
  }

  public static BufferedImage bilevel(int w, int h) {
    return new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
  }

  /**
   * Grey of 1, 2 or 4 bits per pixel (values 0 to 2^bits - 1) as the PNG and TIFF readers decode
   * it: a grey ramp palette over packed pixels.
   */
  public static BufferedImage lowBitGrey(int bits, int w, int h, IntBinaryOperator f) {
    BufferedImage img = ImageTypeSpecifier.createGrayscale(bits, DataBuffer.TYPE_BYTE, false).createBufferedImage(w, h);
    fill(img.getRaster(), f);
    return img;
  }

  /** 8-bit RGB with the given samples per pixel, row-major: {r, g, b} triples. */
  public static BufferedImage rgb8(int w, int h, int[][] rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    setPixels(img.getRaster(), w, rgb);
    return img;
  }

  /** 8-bit RGBA: {r, g, b, a} quadruples. */
  public static BufferedImage rgba8(int w, int h, int[][] rgba) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
    setPixels(img.getRaster(), w, rgba);
    return img;
  }

  /** 16-bit RGB: {r, g, b} triples of 0..65535. */
  public static BufferedImage rgb16(int w, int h, int[][] rgb) {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
    setPixels(raster, w, rgb);
    return new BufferedImage(cm, raster, false, null);
  }

  public static BufferedImage float32(int w, int h, float[] values) {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
    WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
    for (int i = 0; i < values.length; i++) {
      raster.setSample(i % w, i / w, 0, values[i]);
    }
    return new BufferedImage(cm, raster, false, null);
  }

  /** An uncompressed TIFF of the pages, written by TwelveMonkeys. */
  public static byte[] tiff(BufferedImage... pages) {
    return tiff("None", Map.of(), List.of(pages));
  }

  /**
   * A TIFF written by TwelveMonkeys.
   *
   * @param compression a TwelveMonkeys compression type: None, LZW, Deflate, ZLib, PackBits
   * @param firstPageTags extra tags of the first IFD (270 ImageDescription: a String; 282
   *     XResolution: a {@link Rational}; 296 ResolutionUnit: an Integer)
   */
  public static byte[] tiff(String compression, Map<Integer, Object> firstPageTags, List<BufferedImage> pages) {
    ImageWriter writer = new TIFFImageWriterSpi().createWriterInstance(null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionType(compression);
      writer.prepareWriteSequence(null);
      for (int i = 0; i < pages.size(); i++) {
        IIOMetadata metadata = null;
        if (i == 0 && !firstPageTags.isEmpty()) {
          List<Entry> entries = new ArrayList<>();
          firstPageTags.forEach((tag, value) -> entries.add(new TIFFEntry(tag, value)));
          metadata = new TIFFImageMetadata(entries);
        }
        writer.writeToSequence(new IIOImage(pages.get(i), null, metadata), param);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** A TIFF written by the JDK's own TIFF writer (float samples, SampleFormat 3). */
  public static byte[] jdkTiff(BufferedImage image) {
    return write(jdkWriter("tiff"), image, null);
  }

  public static byte[] png(BufferedImage image) {
    return write(jdkWriter("png"), image, null);
  }

  /** A PNG with a pHYs chunk giving {@code pixelsPerMetre}. */
  public static byte[] pngWithPixelsPerMetre(BufferedImage image, int pixelsPerMetre) {
    ImageWriter writer = jdkWriter("png");
    IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), null);
    IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
    IIOMetadataNode phys = new IIOMetadataNode("pHYs");
    phys.setAttribute("pixelsPerUnitXAxis", Integer.toString(pixelsPerMetre));
    phys.setAttribute("pixelsPerUnitYAxis", Integer.toString(pixelsPerMetre));
    phys.setAttribute("unitSpecifier", "meter");
    root.appendChild(phys);
    try {
      metadata.mergeTree("javax_imageio_png_1.0", root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(writer, image, metadata);
  }

  public static byte[] jpeg(BufferedImage image) {
    return write(jdkWriter("jpeg"), image, null);
  }

  private static byte[] write(ImageWriter writer, BufferedImage image, IIOMetadata metadata) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static ImageWriter jdkWriter(String format) {
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format); it.hasNext();) {
      ImageWriter writer = it.next();
      if (writer.getClass().getName().startsWith("com.sun.imageio")) {
        return writer;
      }
    }
    throw new IllegalStateException("no JDK " + format + " writer");
  }

  private static void fill(WritableRaster raster, IntBinaryOperator f) {
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int x = 0; x < raster.getWidth(); x++) {
        raster.setSample(x, y, 0, f.applyAsInt(x, y));
      }
    }
  }

  private static void setPixels(WritableRaster raster, int w, int[][] pixels) {
    for (int i = 0; i < pixels.length; i++) {
      raster.setPixel(i % w, i / w, pixels[i]);
    }
  }

  /** The pixel function's values, little-endian unsigned 16-bit, row-major. */
  public static byte[] uint16(int w, int h, IntBinaryOperator f) {
    byte[] out = new byte[w * h * 2];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = f.applyAsInt(x, y);
        int i = 2 * (y * w + x);
        out[i] = (byte) v;
        out[i + 1] = (byte) (v >>> 8);
      }
    }
    return out;
  }

  /** The pixel function's values as unsigned bytes, row-major. */
  public static byte[] uint8(int w, int h, IntBinaryOperator f) {
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = (byte) f.applyAsInt(x, y);
      }
    }
    return out;
  }
}
