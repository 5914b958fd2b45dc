package dev.tessera.inference.worker;

import java.util.Arrays;
import java.util.Locale;

/**
 * Test-time augmentation of a worker: {@link #NONE}, or {@link #FLIP8}, the mean of a tile's
 * predictions in the 8 orientations of the square (4 rotations, each mirrored or not), as the U-Net
 * paper's ISBI entry averaged them. A U-Net of valid convolutions on a tile whose sides stay even at
 * every pooling (every tile the tiler cuts) is equivariant to these orientations, so each turned
 * prediction, turned back, covers the same output pixels. It costs 8 model runs per tile.
 */
public enum Tta {
  NONE("none", 1),
  FLIP8("flip8", 8);

  private final String key;
  private final int passes;

  Tta(String key, int passes) {
    this.key = key;
    this.passes = passes;
  }

  /** The configuration value. */
  public String key() {
    return key;
  }

  /** Model runs per tile. */
  public int passes() {
    return passes;
  }

  /**
   * Parses a configuration value.
   *
   * @param name the setting's name, for the message
   * @throws IllegalArgumentException naming the setting and the allowed values
   */
  public static Tta parse(String name, String value) {
    for (Tta t : values()) {
      if (t.key.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(name + "=" + value + " is not one of "
        + Arrays.stream(values()).map(Tta::key).toList());
  }
}
