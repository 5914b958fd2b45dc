package dev.tessera.imaging.io;

import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/** The pixel size of a PNG from its {@code pHYs} chunk, when that is given per metre. */
final class PngMetadata {

  private static final String NATIVE_FORMAT = "javax_imageio_png_1.0";

  private PngMetadata() {}

  static StackMetadata read(ImageReader reader) throws IOException {
    IIOMetadata metadata = reader.getImageMetadata(0);
    Double pixelSize = null;
    if (metadata != null && java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(NATIVE_FORMAT)) {
      for (Node n = metadata.getAsTree(NATIVE_FORMAT).getFirstChild(); n != null; n = n.getNextSibling()) {
        if ("pHYs".equals(n.getNodeName())) {
          pixelSize = pixelSize(n);
        }
      }
    }
    return StackMetadata.plain(ImageFormat.PNG, pixelSize);
  }

  private static Double pixelSize(Node phys) {
    Node unit = phys.getAttributes().getNamedItem("unitSpecifier");
    Node perUnit = phys.getAttributes().getNamedItem("pixelsPerUnitXAxis");
    if (unit == null || perUnit == null || !"meter".equals(unit.getNodeValue())) {
      return null;
    }
    try {
      long pixelsPerMetre = Long.parseLong(perUnit.getNodeValue());
      return pixelsPerMetre <= 0 ? null : LengthUnits.toMicrons(1.0 / pixelsPerMetre, "m");
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
