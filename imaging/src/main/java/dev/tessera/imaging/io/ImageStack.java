package dev.tessera.imaging.io;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.tessera.records.PixelType;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * An open TIFF or PNG file (or in-memory upload) read page by page, so a stack of hundreds of
 * frames never sits in memory at once.
 *
 * <p>Pages decode to grey pixels: 8-bit samples to UINT8, 9 to 16-bit to UINT16, 32-bit float to
 * FLOAT32. RGB(A) becomes luminance ({@link Luminance}, alpha ignored) of the same bit depth, a
 * palette becomes the UINT8 luminance of its colours. 2- and 4-bit grey images, which the PNG and
 * TIFF readers give as grey palettes, become UINT8 stretched to 0..255 that way; 1-bit images are
 * refused unless opened with {@link Bilevel#AS_0_AND_255}. Anything else (signed or 32-bit
 * integers, 64-bit floats, float RGB, CMYK, ...) raises an {@link UnsupportedImageException}
 * naming the file, the page and what is unsupported. {@link #checkAllPages()} raises it from the
 * headers alone, before any page is decoded, so callers can refuse a file without publishing
 * part of it.
 *
 * <p>TIFF is read by TwelveMonkeys (uncompressed, LZW, Deflate/ZIP, PackBits, BigTIFF), PNG by
 * the JDK. The reader is instantiated directly rather than looked up in ImageIO's registry, which
 * holds the JDK's own TIFF reader too and depends on the context class loader.
 *
 * <p>Not thread-safe; close it to release the file.
 */
public final class ImageStack implements AutoCloseable {

  /** Frame attribute: the flavour of the source format ({@link ImageFormat#label()}). */
  public static final String FORMAT_ATTRIBUTE = "source.format";
  /** Frame attribute: how the samples were converted ({@link Conversion#label()}), when not as-is. */
  public static final String CONVERSION_ATTRIBUTE = "source.conversion";

  private final String source;
  private final ImageInputStream input;
  private final ImageReader reader;
  private final int pageCount;
  private final StackMetadata metadata;
  private final Bilevel bilevel;

  private ImageStack(String source, ImageInputStream input, ImageReader reader, int pageCount, StackMetadata metadata,
      Bilevel bilevel) {
    this.source = source;
    this.input = input;
    this.reader = reader;
    this.pageCount = pageCount;
    this.metadata = metadata;
    this.bilevel = bilevel;
  }

  /**
   * Opens a file, telling TIFF from PNG by its first bytes; 1-bit pages are refused.
   *
   * @throws UnsupportedImageException if it is not TIFF or PNG
   * @throws ImageReadException if it cannot be read or its headers are corrupt
   */
  public static ImageStack open(Path file) throws ImageReadException {
    return open(file, Bilevel.REFUSE);
  }

  /**
   * Opens a file, telling TIFF from PNG by its first bytes, reading 1-bit pages as {@code bilevel}
   * says.
   *
   * @throws UnsupportedImageException if it is not TIFF or PNG
   * @throws ImageReadException if it cannot be read or its headers are corrupt
   */
  public static ImageStack open(Path file, Bilevel bilevel) throws ImageReadException {
    String source = file.toString();
    byte[] head = new byte[ImageFormat.MAGIC_LENGTH];
    int length;
    try (InputStream in = Files.newInputStream(file)) {
      length = in.readNBytes(head, 0, head.length);
    } catch (NoSuchFileException e) {
      throw new ImageReadException(source, "no such file", e);
    } catch (AccessDeniedException e) {
      throw new ImageReadException(source, "permission denied", e);
    } catch (IOException e) {
      throw new ImageReadException(source, "cannot read: " + e, e);
    }
    ImageFormat container = ImageFormat.detect(head, length, source);
    ImageInputStream input;
    try {
      input = new FileImageInputStream(file.toFile());
    } catch (IOException e) {
      throw new ImageReadException(source, "cannot open: " + e.getMessage(), e);
    }
    Path name = file.getFileName();
    return open(source, Optional.ofNullable(name).map(Path::toString), container, input, bilevel);
  }

  /**
   * Opens an image held in memory, such as an HTTP request body; 1-bit pages are refused.
   *
   * @param source names the input in messages, e.g. {@code "upload to acquisition a1"}
   */
  public static ImageStack open(byte[] data, String source) throws ImageReadException {
    ImageFormat container = ImageFormat.detect(data, Math.min(data.length, ImageFormat.MAGIC_LENGTH), source);
    return open(source, Optional.empty(), container, new ByteArrayImageInputStream(data), Bilevel.REFUSE);
  }

  /** " (N bytes)" when the stream knows its length. */
  private static String length(ImageInputStream input) throws IOException {
    long n = input.length();
    return n < 0 ? "" : " (" + n + " bytes)";
  }

  private static ImageStack open(String source, Optional<String> fileName, ImageFormat container, ImageInputStream input,
      Bilevel bilevel) throws ImageReadException {
    ImageReader reader = null;
    try {
      reader = container == ImageFormat.PNG ? pngReader() : new TIFFImageReaderSpi().createReaderInstance(null);
      reader.setInput(input, false, false);
      int pages = reader.getNumImages(true);
      if (pages < 1) {
        throw new ImageReadException(source, container == ImageFormat.PNG ? "the PNG holds no image"
            : "the TIFF ends before its first image" + length(input) + ": the file is truncated");
      }
      StackMetadata metadata = container == ImageFormat.PNG
          ? PngMetadata.read(reader)
          : TiffMetadata.read(reader, pages, source, fileName);
      return new ImageStack(source, input, reader, pages, metadata, bilevel);
    } catch (ImageReadException e) {
      release(reader, input);
      throw e;
    } catch (IOException | RuntimeException e) {
      release(reader, input);
      throw new ImageReadException(source, "not a readable " + container.label().toUpperCase() + ": " + describe(e), e);
    }
  }

  private static ImageReader pngReader() throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
    if (!readers.hasNext()) {
      throw new IOException("this JVM has no PNG reader");
    }
    return readers.next();
  }

  /** The file path or upload name given at open, as used in messages. */
  public String source() {
    return source;
  }

  /** The format's flavour: TIFF, OME-TIFF, ImageJ TIFF or PNG. */
  public ImageFormat format() {
    return metadata.format();
  }

  /** Number of pages (TIFF IFDs); 1 for PNG. */
  public int pageCount() {
    return pageCount;
  }

  /** The pixel width of the first page, in micrometres, when the file gives it. */
  public Optional<Double> pixelSizeMicrons() {
    return Optional.ofNullable(metadata.pixelSizeOf(0));
  }

  /** Attributes every frame of this file carries: the format and what its metadata adds. */
  public Map<String, String> attributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(FORMAT_ATTRIBUTE, format().label());
    attributes.putAll(metadata.attributes());
    return attributes;
  }

  /**
   * What page {@code page} will decode to, from its headers.
   *
   * @throws UnsupportedImageException if its samples are not ones Tessera takes
   */
  public PageInfo info(int page) throws ImageReadException {
    checkIndex(page);
    try {
      ImageTypeSpecifier type = rawType(page);
      Layout layout = classify(type.getSampleModel(), type.getColorModel(), page);
      return new PageInfo(page, reader.getWidth(page), reader.getHeight(page), layout.type(), layout.conversion());
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageReadException(source, where(page) + "corrupt header: " + describe(e), e);
    }
  }

  private ImageTypeSpecifier rawType(int page) throws IOException {
    ImageTypeSpecifier type = reader.getRawImageType(page);
    if (type == null) {
      // Some readers only know the type after decoding; the first image type is then the raw one.
      Iterator<ImageTypeSpecifier> types = reader.getImageTypes(page);
      type = types.hasNext() ? types.next() : null;
    }
    if (type == null) {
      throw new ImageReadException(source, where(page) + "has no image type the reader can describe");
    }
    return type;
  }

  /**
   * Every page's {@link PageInfo}, checking the whole file from its headers.
   *
   * @throws UnsupportedImageException at the first page Tessera cannot take
   */
  public List<PageInfo> checkAllPages() throws ImageReadException {
    List<PageInfo> pages = new ArrayList<>(pageCount);
    for (int i = 0; i < pageCount; i++) {
      pages.add(info(i));
    }
    return pages;
  }

  /**
   * Decodes page {@code page}.
   *
   * @throws UnsupportedImageException if its samples are not ones Tessera takes
   * @throws ImageReadException if its data is corrupt or truncated, or a float pixel is not finite
   */
  public ImagePage read(int page) throws ImageReadException {
    checkIndex(page);
    Raster raster;
    ColorModel colours;
    try {
      if (reader.canReadRaster()) {
        // The raw samples: read() would run a colour conversion that, for float TIFFs, clamps
        // every value into the colour space's 0..1 range.
        colours = rawType(page).getColorModel();
        raster = reader.readRaster(page, null);
      } else {
        BufferedImage image = reader.read(page);
        colours = image.getColorModel();
        raster = image.getRaster();
      }
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageReadException(source, where(page) + "cannot decode: " + describe(e), e);
    }
    Layout layout = classify(raster.getSampleModel(), colours, page);
    byte[] pixels = extract(raster, layout);
    if (layout.type() == PixelType.FLOAT32) {
      int bad = dev.tessera.schemas.Pixels.firstNonFinite(ByteBuffer.wrap(pixels));
      if (bad >= 0) {
        int w = raster.getWidth();
        throw new ImageReadException(source, where(page) + "FLOAT32 pixel at x=" + bad % w + ", y=" + bad / w
            + " is not finite; frames must hold finite values");
      }
    }
    return new ImagePage(page, raster.getWidth(), raster.getHeight(), layout.type(), pixels,
        metadata.pixelSizeOf(page), metadata.planeOf(page), layout.conversion());
  }

  @Override
  public void close() {
    release(reader, input);
  }

  /** How to turn one page's samples into grey pixels. */
  private record Layout(PixelType type, Conversion conversion, int[] paletteLuma) {}

  private Layout classify(SampleModel sm, ColorModel cm, int page) throws UnsupportedImageException {
    int dataType = sm.getDataType();
    int bands = sm.getNumBands();
    int bits = 0;
    for (int b = 0; b < bands; b++) {
      bits = Math.max(bits, sm.getSampleSize(b));
    }
    String where = where(page);
    if (bits == 1 && bilevel == Bilevel.REFUSE) {
      throw new UnsupportedImageException(source, where + "1-bit (bilevel) images are not supported; Tessera takes"
          + " 8/16-bit or 32-bit float grey, or 8/16-bit RGB");
    }
    if (cm instanceof IndexColorModel palette) {
      if (dataType != DataBuffer.TYPE_BYTE) {
        throw new UnsupportedImageException(source, where + "palette images with " + bits
            + "-bit indices are not supported (8-bit at most)");
      }
      int[] luma = new int[palette.getMapSize()];
      for (int i = 0; i < luma.length; i++) {
        luma[i] = Luminance.of(palette.getRed(i), palette.getGreen(i), palette.getBlue(i));
      }
      return new Layout(PixelType.UINT8, Conversion.PALETTE_LUMINANCE, luma);
    }
    int colourSpace = cm == null ? (bands >= 3 ? ColorSpace.TYPE_RGB : ColorSpace.TYPE_GRAY) : cm.getColorSpace().getType();
    boolean rgb;
    if (colourSpace == ColorSpace.TYPE_GRAY) {
      rgb = false;
    } else if (colourSpace == ColorSpace.TYPE_RGB && bands >= 3) {
      rgb = true;
    } else {
      throw new UnsupportedImageException(source, where + "the " + colourSpaceName(colourSpace) + " colour space with "
          + bands + " samples per pixel is not supported; Tessera takes grey or RGB(A)");
    }
    return switch (dataType) {
      case DataBuffer.TYPE_BYTE, DataBuffer.TYPE_USHORT, DataBuffer.TYPE_INT -> {
        if (bits < 8) {
          throw new UnsupportedImageException(source, where + bits + "-bit samples are not supported; Tessera takes 8-"
              + " or 16-bit integer samples or 32-bit float");
        }
        if (bits > 16) {
          throw new UnsupportedImageException(source, where + bits + "-bit integer samples are not supported; Tessera"
              + " takes 8- or 16-bit integer samples or 32-bit float");
        }
        PixelType type = bits == 8 ? PixelType.UINT8 : PixelType.UINT16;
        yield new Layout(type, rgb ? Conversion.RGB_LUMINANCE : Conversion.NONE, null);
      }
      case DataBuffer.TYPE_SHORT -> throw new UnsupportedImageException(source, where
          + "signed 16-bit integer samples are not supported; Tessera takes unsigned 8/16-bit or 32-bit float");
      case DataBuffer.TYPE_FLOAT -> {
        if (rgb) {
          throw new UnsupportedImageException(source, where + "32-bit float RGB is not supported; only grey float images");
        }
        yield new Layout(PixelType.FLOAT32, Conversion.NONE, null);
      }
      case DataBuffer.TYPE_DOUBLE -> throw new UnsupportedImageException(source, where
          + "64-bit float samples are not supported; Tessera takes 32-bit float");
      default -> throw new UnsupportedImageException(source, where + "sample data type " + dataType + " is not supported");
    };
  }

  private static byte[] extract(Raster raster, Layout layout) {
    if (layout.conversion() == Conversion.NONE) {
      byte[] copied = copyGrey(raster, layout.type());
      if (copied != null) {
        return copied;
      }
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    int x0 = raster.getMinX();
    int y0 = raster.getMinY();
    PixelType type = layout.type();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), dev.tessera.schemas.Pixels.bytesPerPixel(type))];
    ByteBuffer le = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    if (type == PixelType.FLOAT32) {
      float[] row = new float[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(x0, y0 + y, w, 1, 0, row);
        int base = y * w * 4;
        for (int x = 0; x < w; x++) {
          le.putFloat(base + 4 * x, row[x]);
        }
      }
      return out;
    }
    int[] grey = new int[w];
    int[] g = layout.conversion() == Conversion.RGB_LUMINANCE ? new int[w] : null;
    int[] b = g == null ? null : new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(x0, y0 + y, w, 1, 0, grey);
      if (g != null) {
        raster.getSamples(x0, y0 + y, w, 1, 1, g);
        raster.getSamples(x0, y0 + y, w, 1, 2, b);
        for (int x = 0; x < w; x++) {
          grey[x] = Luminance.of(grey[x], g[x], b[x]);
        }
      } else if (layout.paletteLuma() != null) {
        int[] luma = layout.paletteLuma();
        for (int x = 0; x < w; x++) {
          grey[x] = grey[x] < luma.length ? luma[grey[x]] : 0;
        }
      }
      if (type == PixelType.UINT8) {
        int base = y * w;
        for (int x = 0; x < w; x++) {
          out[base + x] = (byte) grey[x];
        }
      } else {
        int base = y * w * 2;
        for (int x = 0; x < w; x++) {
          le.putShort(base + 2 * x, (short) grey[x]);
        }
      }
    }
    return out;
  }

  /**
   * The common case, grey samples in one array one after the other, copied row by row in bulk:
   * about ten times faster than sample by sample. Null when the raster is laid out otherwise.
   */
  private static byte[] copyGrey(Raster raster, PixelType type) {
    if (!(raster.getSampleModel() instanceof ComponentSampleModel sm) || sm.getNumBands() != 1 || sm.getPixelStride() != 1
        || raster.getDataBuffer().getNumBanks() != 1) {
      return null;
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    DataBuffer db = raster.getDataBuffer();
    int start = db.getOffset() + sm.getOffset(raster.getMinX() - raster.getSampleModelTranslateX(),
        raster.getMinY() - raster.getSampleModelTranslateY());
    int stride = sm.getScanlineStride();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), dev.tessera.schemas.Pixels.bytesPerPixel(type))];
    ByteBuffer le = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    if (type == PixelType.UINT8 && db instanceof DataBufferByte bytes) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(bytes.getData(), start + y * stride, out, y * w, w);
      }
    } else if (type == PixelType.UINT16 && db instanceof DataBufferUShort shorts) {
      ShortBuffer target = le.asShortBuffer();
      for (int y = 0; y < h; y++) {
        target.put(shorts.getData(), start + y * stride, w);
      }
    } else if (type == PixelType.FLOAT32 && db instanceof DataBufferFloat floats) {
      FloatBuffer target = le.asFloatBuffer();
      for (int y = 0; y < h; y++) {
        target.put(floats.getData(), start + y * stride, w);
      }
    } else {
      return null;
    }
    return out;
  }

  private String where(int page) {
    return pageCount > 1 ? "page " + page + " of " + pageCount + ": " : "";
  }

  private void checkIndex(int page) {
    if (page < 0 || page >= pageCount) {
      throw new IndexOutOfBoundsException(source + " has " + pageCount + " page(s), no page " + page);
    }
  }

  private static String colourSpaceName(int type) {
    return switch (type) {
      case ColorSpace.TYPE_CMYK -> "CMYK";
      case ColorSpace.TYPE_CMY -> "CMY";
      case ColorSpace.TYPE_YCbCr -> "YCbCr";
      case ColorSpace.TYPE_Lab -> "CIE Lab";
      case ColorSpace.TYPE_XYZ -> "CIE XYZ";
      case ColorSpace.TYPE_HSV -> "HSV";
      case ColorSpace.TYPE_GRAY -> "grey";
      case ColorSpace.TYPE_RGB -> "RGB";
      default -> "type-" + type;
    };
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static void release(ImageReader reader, ImageInputStream input) {
    if (reader != null) {
      reader.dispose();
    }
    try {
      input.close();
    } catch (IOException ignored) {
      // Closing a read-only stream: nothing was written that could be lost.
    }
  }
}
