package dev.tessera.imaging.io;

/**
 * A readable input that Tessera does not ingest: not TIFF or PNG, or a TIFF/PNG with samples it
 * does not take (1-bit, signed or 32-bit integers, 64-bit floats, CMYK, ...). The message names the
 * source and what is unsupported.
 */
public class UnsupportedImageException extends ImageReadException {

  public UnsupportedImageException(String source, String problem) {
    super(source, problem);
  }
}
