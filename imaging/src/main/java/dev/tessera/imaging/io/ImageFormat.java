package dev.tessera.imaging.io;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The container formats Tessera reads, told apart by their first bytes rather than by file name or
 * declared content type, which acquisition software and HTTP clients get wrong.
 */
public enum ImageFormat {
  /** Baseline TIFF without microscopy metadata Tessera understands. */
  TIFF("tiff"),
  /** TIFF whose first ImageDescription is OME-XML. */
  OME_TIFF("ome-tiff"),
  /** TIFF written by ImageJ/Fiji (ImageDescription starting {@code ImageJ=}). */
  IMAGEJ_TIFF("imagej-tiff"),
  PNG("png");

  /** Bytes needed by {@link #detect}. */
  public static final int MAGIC_LENGTH = 16;

  private final String label;

  ImageFormat(String label) {
    this.label = label;
  }

  /** Lower-case name, as written in frame attributes. */
  public String label() {
    return label;
  }

  /** True for the TIFF flavours. */
  public boolean isTiff() {
    return this != PNG;
  }

  /**
   * The container of an input from its first bytes: {@link #TIFF} (classic or BigTIFF, either byte
   * order) or {@link #PNG}.
   *
   * @param head at least the first {@link #MAGIC_LENGTH} bytes, fewer if the input is shorter
   * @param source names the input in the exception
   * @throws UnsupportedImageException naming what the input looks like instead
   */
  public static ImageFormat detect(byte[] head, int length, String source) throws UnsupportedImageException {
    if (startsWith(head, length, 0x49, 0x49, 0x2A, 0x00) || startsWith(head, length, 0x4D, 0x4D, 0x00, 0x2A)
        || startsWith(head, length, 0x49, 0x49, 0x2B, 0x00) || startsWith(head, length, 0x4D, 0x4D, 0x00, 0x2B)) {
      return TIFF;
    }
    if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    throw new UnsupportedImageException(source, describe(head, length) + "; Tessera reads TIFF (8/16-bit or"
        + " 32-bit float grey, stacks, OME-TIFF) and PNG (8/16-bit grey or RGB)");
  }

  /** What an input that is neither TIFF nor PNG appears to be, for the error message. */
  private static String describe(byte[] head, int length) {
    if (length == 0) {
      return "the input is empty";
    }
    if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
      return "JPEG is not supported (lossy compression alters pixel values)";
    }
    if (startsWith(head, length, 'G', 'I', 'F', '8')) {
      return "GIF is not supported";
    }
    if (startsWith(head, length, 'B', 'M')) {
      return "BMP is not supported";
    }
    if (startsWith(head, length, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ')
        || startsWith(head, length, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "JPEG 2000 is not supported";
    }
    if (startsWith(head, length, 'R', 'I', 'F', 'F') && length >= 12 && head[8] == 'W' && head[9] == 'E') {
      return "WebP is not supported";
    }
    if (startsWith(head, length, 'Z', 'I', 'S', 'R', 'A', 'W')) {
      return "Zeiss CZI is not supported (export the planes as OME-TIFF)";
    }
    if (startsWith(head, length, 0x89, 'H', 'D', 'F')) {
      return "HDF5 is not supported (export the planes as OME-TIFF)";
    }
    if (startsWith(head, length, 'P', 'K', 0x03, 0x04)) {
      return "a ZIP archive is not supported (extract the images first)";
    }
    if (looksLikeText(head, length)) {
      return "the input is text (it starts \"" + printable(head, length) + "...\"), not an image";
    }
    return "unknown format (first bytes " + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(head, 0, Math.min(8, length)) + ")";
  }

  private static boolean looksLikeText(byte[] head, int length) {
    for (int i = 0; i < length; i++) {
      int b = head[i] & 0xFF;
      boolean text = b == '\t' || b == '\n' || b == '\r' || (b >= 0x20 && b != 0x7F);
      if (!text) {
        return false;
      }
    }
    return true;
  }

  private static String printable(byte[] head, int length) {
    String s = new String(head, 0, length, StandardCharsets.UTF_8);
    return s.replaceAll("[\\r\\n\\t]+", " ").strip();
  }

  private static boolean startsWith(byte[] data, int length, int... magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((data[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
