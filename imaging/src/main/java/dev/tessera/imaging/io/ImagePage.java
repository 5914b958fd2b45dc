package dev.tessera.imaging.io;

import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * One decoded page: grey pixels, row-major and little-endian as a {@link Frame} carries them, with
 * what the file said about its position and pixel size.
 *
 * @param page 0-based page index in its file (0 for PNG and raw uploads)
 * @param width pixels per row
 * @param height rows
 * @param pixelType UINT8, UINT16 or FLOAT32
 * @param pixels {@code width * height} pixels, little-endian; not copied, do not modify
 * @param pixelSizeMicrons the physical pixel width, or null when the file does not give one
 * @param plane time point, focal plane and channel, when known
 * @param conversion how the stored samples became these pixels
 */
public record ImagePage(int page, int width, int height, PixelType pixelType, byte[] pixels,
    Double pixelSizeMicrons, PlaneIndex plane, Conversion conversion) {

  public ImagePage {
    Pixels.checkSize(width, height, pixelType, pixels.length);
    if (plane == null) {
      plane = PlaneIndex.NONE;
    }
  }

  /**
   * A page from raw pixels, as an HTTP client sends them.
   *
   * @throws IllegalArgumentException when the byte count does not match the size and type, or a
   *     FLOAT32 pixel is NaN or infinite (the tiler would reject the frame later, less clearly)
   */
  public static ImagePage raw(int width, int height, PixelType type, byte[] pixelsLittleEndian, Double pixelSizeMicrons) {
    Pixels.checkSize(width, height, type, pixelsLittleEndian.length);
    if (type == PixelType.FLOAT32) {
      int bad = Pixels.firstNonFinite(ByteBuffer.wrap(pixelsLittleEndian));
      if (bad >= 0) {
        throw new IllegalArgumentException("FLOAT32 pixel " + bad + " (x=" + bad % width + ", y=" + bad / width
            + ") is not finite");
      }
    }
    if (pixelSizeMicrons != null && !(pixelSizeMicrons > 0 && Double.isFinite(pixelSizeMicrons))) {
      throw new IllegalArgumentException("pixel size " + pixelSizeMicrons + " µm is not a positive number");
    }
    return new ImagePage(0, width, height, type, pixelsLittleEndian, pixelSizeMicrons, PlaneIndex.NONE, Conversion.NONE);
  }

  /** What this page is, without its pixels. */
  public PageInfo info() {
    return new PageInfo(page, width, height, pixelType, conversion);
  }

  /** The frame carrying this page. */
  public Frame toFrame(String acquisitionId, long frameIndex, Instant capturedAt, Map<String, String> attributes) {
    return Frame.newBuilder()
        .setAcquisitionId(acquisitionId)
        .setFrameIndex(frameIndex)
        .setT(plane.t())
        .setZ(plane.z())
        .setC(plane.c())
        .setWidth(width)
        .setHeight(height)
        .setPixelType(pixelType)
        .setPixels(ByteBuffer.wrap(pixels))
        .setCapturedAt(capturedAt)
        .setPixelSizeMicrons(pixelSizeMicrons)
        .setAttributes(Map.copyOf(attributes))
        .build();
  }
}
