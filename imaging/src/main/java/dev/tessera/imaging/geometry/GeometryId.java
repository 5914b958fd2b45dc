package dev.tessera.imaging.geometry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id naming the tile geometry a tile was cut for, written {@code unet-d4/in572/m92}: the
 * network depth, the tile's input size and the margin the network loses per side. Tiles carry it
 * as text; the inference worker and the stitcher read it back with {@link #parse(String)}.
 *
 * <p>Every instance is consistent with the architecture: the depth is one {@link UNetGeometry}
 * accepts, the input size is valid for it and the margin is the one it derives.
 *
 * @param depth number of 2x2 poolings
 * @param inputSize the tile's input side in pixels
 * @param margin pixels lost per side between input and output
 */
public record GeometryId(int depth, int inputSize, int margin) {

  /** The written form, for messages. */
  public static final String FORM = "unet-d<depth>/in<input>/m<margin>";

  // Bounded digit counts: every number parses as an int.
  private static final Pattern PATTERN = Pattern.compile("unet-d(\\d{1,2})/in(\\d{1,6})/m(\\d{1,6})");

  /**
   * @throws IllegalArgumentException when the depth is not one a U-Net can have, the input size is
   *     not valid for it, or the margin is not the depth's
   */
  public GeometryId {
    UNetGeometry geometry = new UNetGeometry(depth);
    geometry.requireOutputSize(inputSize);
    if (margin != geometry.margin()) {
      throw new IllegalArgumentException("A depth-" + depth + " U-Net loses " + geometry.margin()
          + " pixels per side, not " + margin);
    }
  }

  /**
   * The id of tiles of {@code inputSize} cut for {@code geometry}.
   *
   * @throws IllegalArgumentException when the input size is not valid for the geometry
   */
  public static GeometryId of(UNetGeometry geometry, int inputSize) {
    return new GeometryId(geometry.depth(), inputSize, geometry.margin());
  }

  /**
   * Reads an id written by {@link #format()}.
   *
   * @throws IllegalArgumentException naming {@code id} when it is not of the form {@link #FORM},
   *     names a depth or input size the network does not have, or writes a margin (or digits)
   *     other than those its depth and input size give
   */
  public static GeometryId parse(String id) {
    Matcher m = id == null ? null : PATTERN.matcher(id);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("geometry id '" + id + "' is not of the form " + FORM);
    }
    GeometryId named;
    try {
      named = of(new UNetGeometry(Integer.parseInt(m.group(1))), Integer.parseInt(m.group(2)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("geometry id '" + id + "' is not valid: " + e.getMessage(), e);
    }
    if (!named.format().equals(id)) {
      throw new IllegalArgumentException("geometry id '" + id + "' contradicts its depth and input size, which give '"
          + named + "'");
    }
    return named;
  }

  /** The network this id was cut for. */
  public UNetGeometry geometry() {
    return new UNetGeometry(depth);
  }

  /** The written form, e.g. {@code unet-d4/in572/m92}. */
  public String format() {
    return "unet-d" + depth + "/in" + inputSize + "/m" + margin;
  }

  @Override
  public String toString() {
    return format();
  }
}
