package dev.tessera.inference.worker;

import dev.tessera.imaging.geometry.TileSizes;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tile sizes a worker runs once before it takes tiles ({@link InferenceWorker#warmUp}): the
 * input size the tiler chooses ({@link TileSizes#choose}) for each frame size an acquisition will
 * send. The first run of a new input shape is slow (ONNX Runtime plans it; on a GPU cuDNN searches
 * an algorithm for every convolution), and it would otherwise fall inside the first transaction.
 */
public final class WarmUpShapes {

  private static final Pattern SIZE = Pattern.compile("(\\d{1,6})x(\\d{1,6})");

  private WarmUpShapes() {}

  /**
   * The distinct input tile sizes, ascending, for frame sizes written {@code WIDTHxHEIGHT}.
   *
   * @param maxInput the tiler's largest input tile side
   * @throws IllegalArgumentException naming the setting ({@code warmup-frame-sizes}) and the value
   */
  public static List<Integer> tileSizes(UNetGeometry geometry, List<String> frameSizes, int maxInput) {
    TreeSet<Integer> sizes = new TreeSet<>();
    for (String f : frameSizes) {
      Matcher m = SIZE.matcher(f.trim().toLowerCase(Locale.ROOT));
      if (!m.matches() || Integer.parseInt(m.group(1)) == 0 || Integer.parseInt(m.group(2)) == 0) {
        throw new IllegalArgumentException("warmup-frame-sizes: '" + f + "' is not WIDTHxHEIGHT (e.g. 2048x2048)");
      }
      sizes.add(TileSizes.choose(geometry, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), maxInput)
          .inputSize());
    }
    return List.copyOf(sizes);
  }
}
