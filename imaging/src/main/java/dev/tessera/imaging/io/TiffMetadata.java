package dev.tessera.imaging.io;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageMetadata;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the first IFD's ImageDescription and resolution tags and dispatches to the OME-XML or
 * ImageJ parser. For a plain TIFF, only a resolution in pixels per centimetre is taken as a pixel
 * size: a resolution per inch is almost always the 72 or 300 dpi default of software that knows
 * nothing of the microscope, and would give a meaningless size.
 */
final class TiffMetadata {

  private static final Logger LOG = LoggerFactory.getLogger(TiffMetadata.class);

  static final int IMAGE_DESCRIPTION = 270;
  static final int X_RESOLUTION = 282;
  static final int RESOLUTION_UNIT = 296;
  private static final int UNIT_CENTIMETER = 3;

  private TiffMetadata() {}

  static StackMetadata read(ImageReader reader, int pageCount, String source, Optional<String> fileName) throws IOException {
    IIOMetadata raw = reader.getImageMetadata(0);
    if (!(raw instanceof TIFFImageMetadata metadata)) {
      return StackMetadata.plain(ImageFormat.TIFF, null);
    }
    String description = ascii(metadata.getTIFFField(IMAGE_DESCRIPTION));
    Double xResolution = number(metadata.getTIFFField(X_RESOLUTION));
    Number unit = numberOrNull(metadata.getTIFFField(RESOLUTION_UNIT));
    if (OmeXml.isOmeXml(description)) {
      try {
        return OmeXml.parse(description, pageCount, fileName);
      } catch (IOException e) {
        // The pixels are still good: ingest them without a pixel size rather than lose the file.
        LOG.warn("{}: ignoring its OME-XML: {}", source, e.getMessage());
        return StackMetadata.plain(ImageFormat.OME_TIFF, null);
      }
    }
    if (ImageJDescription.isImageJ(description)) {
      return ImageJDescription.parse(description, xResolution, pageCount);
    }
    Double pixelSize = null;
    if (xResolution != null && xResolution > 0 && unit != null && unit.intValue() == UNIT_CENTIMETER) {
      pixelSize = LengthUnits.toMicrons(1.0 / xResolution, "cm");
    }
    return StackMetadata.plain(ImageFormat.TIFF, pixelSize);
  }

  private static String ascii(Entry entry) {
    if (entry == null) {
      return null;
    }
    Object value = entry.getValue();
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof String[] parts && parts.length > 0) {
      return parts[0];
    }
    return null;
  }

  private static Double number(Entry entry) {
    Number n = numberOrNull(entry);
    return n == null ? null : n.doubleValue();
  }

  private static Number numberOrNull(Entry entry) {
    if (entry == null) {
      return null;
    }
    Object value = entry.getValue();
    if (value instanceof Number n) {
      return n;
    }
    if (value instanceof Object[] array && array.length > 0 && array[0] instanceof Number n) {
      return n;
    }
    if (value instanceof int[] ints && ints.length > 0) {
      return ints[0];
    }
    if (value instanceof short[] shorts && shorts.length > 0) {
      return shorts[0] & 0xFFFF;
    }
    if (value instanceof long[] longs && longs.length > 0) {
      return longs[0];
    }
    return null;
  }
}
