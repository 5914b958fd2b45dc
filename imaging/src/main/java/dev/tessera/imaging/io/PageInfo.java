package dev.tessera.imaging.io;

import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;

/**
 * What one page will decode to, known from the file's headers without decoding its pixels, so a
 * whole stack can be checked before any of it is published.
 *
 * @param page 0-based page (TIFF IFD) index
 * @param width pixels per row
 * @param height rows
 * @param pixelType the frame's pixel type
 * @param conversion how stored samples become grey pixels
 */
public record PageInfo(int page, int width, int height, PixelType pixelType, Conversion conversion) {

  /** Bytes of the decoded pixels. */
  public long pixelBytes() {
    return Pixels.expectedBytes(width, height, pixelType);
  }
}
