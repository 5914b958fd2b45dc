package dev.tessera.cli;

import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.model.runtime.FrameInference;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.Normalization;
import dev.tessera.schemas.Probabilities;
import java.nio.ByteBuffer;

/**
 * What a mask must equal: one pass of the model over the whole mirrored frame (no tiles, no
 * Kafka). Class labels must be equal wherever the two class probabilities are not within 1e-4 of
 * each other (a tie can fall either way in float), and the foreground probability within one
 * quantization level.
 */
public final class WholeFrameReference {

  private WholeFrameReference() {}

  /** The first difference between {@code mask} and whole-frame inference of {@code frame}, or null. */
  public static String difference(Mask mask, Frame frame, UNetModel model) {
    int w = frame.getWidth();
    int h = frame.getHeight();
    if (mask.getWidth() != w || mask.getHeight() != h) {
      return "mask " + mask.getWidth() + "x" + mask.getHeight() + " of a " + w + "x" + h + " frame";
    }
    Normalization n = Normalizer.compute(model.card().normalization(), frame.getPixels(), frame.getPixelType());
    float[] input = Normalizer.apply(n, frame.getPixels(), frame.getPixelType());
    float[] probs = FrameInference.oneShot(model, input, w, h);
    int fg = model.card().foregroundClass();
    int plane = w * h;
    ByteBuffer labels = mask.getClassLabels();
    ByteBuffer foreground = mask.getForeground();
    for (int i = 0; i < plane; i++) {
      int expected = Probabilities.level(Probabilities.quantize(probs[plane + i])) > Probabilities.level(
          Probabilities.quantize(probs[i])) ? 1 : 0;
      boolean nearTie = Math.abs(probs[i] - probs[plane + i]) < 1e-4;
      if (!nearTie && labels.get(i) != expected) {
        return "class label " + labels.get(i) + " instead of " + expected + " at pixel " + i + " of frame "
            + mask.getFrameIndex();
      }
      int q = Probabilities.level(Probabilities.quantize(probs[fg * plane + i]));
      if (Math.abs((foreground.get(i) & 0xFF) - q) > 1) {
        return "foreground " + (foreground.get(i) & 0xFF) + " instead of " + q + " at pixel " + i + " of frame "
            + mask.getFrameIndex();
      }
    }
    return null;
  }
}
