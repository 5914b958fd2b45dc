package dev.tessera.imaging.io;

import java.util.Map;

/**
 * What a file's metadata says about its pages: the flavour of the format, each page's plane
 * position and pixel size, and stack-level attributes for the frames.
 *
 * @param format the detected flavour
 * @param pixelSizeMicrons pixel width for pages not in {@code pagePixelSizes}, or null
 * @param pagePixelSizes pixel width per page, when it differs between pages (OME multi-image)
 * @param planes plane position per page; pages absent here have none
 * @param attributes extra frame attributes, such as the z spacing
 */
record StackMetadata(ImageFormat format, Double pixelSizeMicrons, Map<Integer, Double> pagePixelSizes,
    Map<Integer, PlaneIndex> planes, Map<String, String> attributes) {

  StackMetadata {
    pagePixelSizes = Map.copyOf(pagePixelSizes);
    planes = Map.copyOf(planes);
    attributes = Map.copyOf(attributes);
  }

  static StackMetadata plain(ImageFormat format, Double pixelSizeMicrons) {
    return new StackMetadata(format, pixelSizeMicrons, Map.of(), Map.of(), Map.of());
  }

  Double pixelSizeOf(int page) {
    return pagePixelSizes.getOrDefault(page, pixelSizeMicrons);
  }

  PlaneIndex planeOf(int page) {
    return planes.getOrDefault(page, PlaneIndex.NONE);
  }
}
