package dev.tessera.trainer.synth;

import dev.tessera.schemas.Pixels;
import java.util.Map;

/**
 * One synthetic microscope frame and its ground truth.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param pixels unsigned 16-bit intensities (0..65535), row-major
 * @param labels cell labels (0 = background); in a time lapse a cell keeps its label from frame to
 *     frame and daughters of a division get new ones
 * @param parents for each cell of the frame born by a division, the label its mother had up to the
 *     division (the Cell Tracking Challenge's parent track); founders are absent
 */
public record SyntheticFrame(int width, int height, int[] pixels, int[] labels, Map<Integer, Integer> parents) {

  public SyntheticFrame {
    if ((long) width * height != pixels.length || pixels.length != labels.length) {
      throw new IllegalArgumentException(width + "x" + height + " needs " + (long) width * height
          + " pixels and labels, got " + pixels.length + " and " + labels.length);
    }
    parents = Map.copyOf(parents);
  }


  /** The pixels as little-endian UINT16 bytes, the layout of a {@code Frame} record. */
  public byte[] pixelBytes() {
    return Pixels.fromUint16(pixels);
  }

  /** Number of distinct cells in the frame. */
  public int cellCount() {
    return (int) java.util.Arrays.stream(labels).filter(v -> v != 0).distinct().count();
  }
}
