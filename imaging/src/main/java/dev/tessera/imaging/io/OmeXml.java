package dev.tessera.imaging.io;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The parts of OME-XML (the ImageDescription of an OME-TIFF) that matter for frames: each image's
 * {@code PhysicalSizeX} with its unit, and which TIFF page holds which (Z, C, T) plane, following
 * the {@code TiffData} elements and {@code DimensionOrder} as the OME-TIFF specification defines
 * them. Namespaces are ignored so every schema version (2008 to 2016-06) reads the same.
 */
final class OmeXml {

  private OmeXml() {}

  /** True when an ImageDescription is OME-XML. */
  static boolean isOmeXml(String description) {
    if (description == null) {
      return false;
    }
    String head = description.stripLeading();
    return (head.startsWith("<?xml") || head.startsWith("<OME")) && description.contains("<OME");
  }

  /**
   * Parses the description of a TIFF with {@code pageCount} pages.
   *
   * @param fileName this file's name, to skip TiffData that point into other files of a
   *     multi-file dataset; empty when unknown (an upload)
   * @throws IOException when the XML is malformed
   */
  static StackMetadata parse(String xml, int pageCount, Optional<String> fileName) throws IOException {
    Document doc = parseXml(xml);
    List<Element> images = children(doc.getDocumentElement(), "Image");
    Double firstPixelSize = null;
    Map<Integer, Double> pixelSizes = new HashMap<>();
    Map<Integer, PlaneIndex> planes = new HashMap<>();
    int nextSequentialPage = 0;
    for (Element image : images) {
      Element pixels = first(image, "Pixels");
      if (pixels == null) {
        continue;
      }
      Dimensions dims = Dimensions.of(pixels);
      Double pixelSize = physicalSizeX(pixels);
      if (firstPixelSize == null) {
        firstPixelSize = pixelSize;
      }
      List<Element> tiffData = children(pixels, "TiffData");
      List<int[]> mapping = new ArrayList<>(); // {page, planeIndex}
      if (tiffData.isEmpty()) {
        // Without TiffData the planes fill the pages in order, image after image.
        for (int p = 0; p < dims.planeCount() && nextSequentialPage < pageCount; p++) {
          mapping.add(new int[] {nextSequentialPage++, p});
        }
      } else {
        for (Element td : tiffData) {
          if (!inThisFile(td, fileName)) {
            continue;
          }
          int ifd = intAttr(td, "IFD", 0);
          int firstPlane = dims.planeIndex(intAttr(td, "FirstZ", 0), intAttr(td, "FirstC", 0), intAttr(td, "FirstT", 0));
          // OME-TIFF: PlaneCount defaults to 1, or to all remaining planes when IFD is not given either.
          int defaultCount = td.hasAttribute("IFD") ? 1 : dims.planeCount() - firstPlane;
          int count = intAttr(td, "PlaneCount", defaultCount);
          for (int k = 0; k < count; k++) {
            mapping.add(new int[] {ifd + k, firstPlane + k});
          }
        }
      }
      for (int[] m : mapping) {
        if (m[0] < 0 || m[0] >= pageCount || m[1] < 0 || m[1] >= dims.planeCount()) {
          continue;
        }
        planes.put(m[0], dims.position(m[1]));
        if (pixelSize != null) {
          pixelSizes.put(m[0], pixelSize);
        }
      }
    }
    return new StackMetadata(ImageFormat.OME_TIFF, firstPixelSize, pixelSizes, planes, Map.of());
  }

  private static Double physicalSizeX(Element pixels) {
    String value = pixels.getAttribute("PhysicalSizeX");
    if (value.isEmpty()) {
      return null;
    }
    String unit = pixels.hasAttribute("PhysicalSizeXUnit") ? pixels.getAttribute("PhysicalSizeXUnit") : "µm";
    try {
      return LengthUnits.toMicrons(Double.parseDouble(value), unit);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean inThisFile(Element tiffData, Optional<String> fileName) {
    Element uuid = first(tiffData, "UUID");
    if (uuid == null || !uuid.hasAttribute("FileName") || fileName.isEmpty()) {
      return true;
    }
    return uuid.getAttribute("FileName").equals(fileName.get());
  }

  /** Sizes and order of the Z, C and T dimensions of one image. */
  private record Dimensions(String order, int sizeZ, int sizeC, int sizeT) {

    static Dimensions of(Element pixels) {
      String order = pixels.getAttribute("DimensionOrder");
      if (order.length() != 5 || !order.startsWith("XY") || !containsAll(order.substring(2), "ZCT")) {
        order = "XYZCT";
      }
      return new Dimensions(order, Math.max(1, intAttr(pixels, "SizeZ", 1)),
          Math.max(1, intAttr(pixels, "SizeC", 1)), Math.max(1, intAttr(pixels, "SizeT", 1)));
    }

    int planeCount() {
      return sizeZ * sizeC * sizeT;
    }

    int size(char dim) {
      return switch (dim) {
        case 'Z' -> sizeZ;
        case 'C' -> sizeC;
        default -> sizeT;
      };
    }

    /** The linear plane index of (z, c, t): the first dimension after XY varies fastest. */
    int planeIndex(int z, int c, int t) {
      int index = 0;
      int stride = 1;
      for (int i = 2; i < 5; i++) {
        char dim = order.charAt(i);
        int coord = dim == 'Z' ? z : dim == 'C' ? c : t;
        index += coord * stride;
        stride *= size(dim);
      }
      return index;
    }

    /** The position of linear plane {@code index}; a dimension of size 1 is left null. */
    PlaneIndex position(int index) {
      Integer z = null;
      Integer c = null;
      Integer t = null;
      int rest = index;
      for (int i = 2; i < 5; i++) {
        char dim = order.charAt(i);
        int size = size(dim);
        int coord = rest % size;
        rest /= size;
        if (size > 1) {
          switch (dim) {
            case 'Z' -> z = coord;
            case 'C' -> c = coord;
            default -> t = coord;
          }
        }
      }
      return new PlaneIndex(t, z, c);
    }

    private static boolean containsAll(String s, String chars) {
      return chars.chars().allMatch(ch -> s.indexOf(ch) >= 0);
    }
  }

  private static Document parseXml(String xml) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // The XML comes from a file anyone could have written: no DTDs, no external entities.
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // The default handler prints "[Fatal Error]" to stderr before throwing; the exception is enough.
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("malformed OME-XML: " + e.getMessage(), e);
    }
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && localName.equals(localNameOf(e))) {
        out.add(e);
      }
    }
    return out;
  }

  private static Element first(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String localNameOf(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  private static int intAttr(Element e, String name, int fallback) {
    String v = e.getAttribute(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException ex) {
      return fallback;
    }
  }
}
