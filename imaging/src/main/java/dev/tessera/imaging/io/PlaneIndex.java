package dev.tessera.imaging.io;

/**
 * Where a page sits in a multi-dimensional acquisition: time point, focal plane and channel, each
 * null when the file does not say (or the dimension has a single position).
 */
public record PlaneIndex(Integer t, Integer z, Integer c) {

  /** A page with no known position. */
  public static final PlaneIndex NONE = new PlaneIndex(null, null, null);
}
