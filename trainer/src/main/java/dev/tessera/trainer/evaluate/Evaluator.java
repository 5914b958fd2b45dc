package dev.tessera.trainer.evaluate;

import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.model.runtime.Flip8;
import dev.tessera.model.runtime.FrameInference;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.trainer.data.LabelledImage;
import dev.tessera.trainer.metrics.Scores;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores an exported model on labelled images with whole-frame overlap-tile inference through ONNX
 * Runtime ({@link FrameInference#tiled}: the pipeline's tile sizes, mirroring and owned regions),
 * so validation measures exactly what the pipeline will run.
 */
public final class Evaluator {

  private Evaluator() {}

  /** One image's prediction and scores. */
  public record Prediction(LabelledImage image, boolean[] foreground, Scores scores) {}

  /**
   * Predicts every image and scores it as the pipeline would with the model's card: its foreground
   * threshold (else the most probable class) and its cell separation.
   */
  public static List<Prediction> predict(UNetModel model, List<LabelledImage> images, NormalizationSpec spec,
      int maxInput) {
    ModelCard card = model.card();
    return predict(model, images, spec, maxInput, card.foregroundThreshold(),
        card.separation().options(Connectivity.FOUR, card.boundaryClass()), false);
  }

  /**
   * Predicts every image and scores it. Each pixel's class is the card's foreground class where its
   * probability is at least {@code threshold}, else the most probable other class ({@link
   * ModelCard#ARGMAX}: the most probable class; ties go to the lower class), as the stitcher
   * assembles masks; foreground is every class but 0; cells are found by {@code instances} (the
   * stitcher's post-processing, e.g. its watershed or boundary growth). Each prediction is the mean
   * over the 8 orientations ({@link Flip8}) when {@code flip8}.
   */
  public static List<Prediction> predict(UNetModel model, List<LabelledImage> images, NormalizationSpec spec,
      int maxInput, double threshold, InstanceOptions instances, boolean flip8) {
    ModelCard.requireForegroundThreshold(threshold);
    List<Prediction> out = new ArrayList<>();
    for (LabelledImage img : images) {
      out.add(score(img, probabilities(model, img, spec, maxInput, flip8), model.card(), threshold, instances));
    }
    return out;
  }

  /**
   * The model's class probabilities of every pixel of {@code img}, class-major, from whole-frame
   * overlap-tile inference (the mean over the 8 orientations when {@code flip8}).
   */
  public static float[] probabilities(UNetModel model, LabelledImage img, NormalizationSpec spec, int maxInput,
      boolean flip8) {
    return flip8 ? Flip8.tiled(model, img.normalized(spec), img.width(), img.height(), maxInput)
        : FrameInference.tiled(model, img.normalized(spec), img.width(), img.height(), maxInput);
  }

  /** Scores {@code img} from the probabilities of {@code card}'s model as {@link #predict} describes. */
  public static Prediction score(LabelledImage img, float[] probabilities, ModelCard card, double threshold,
      InstanceOptions instances) {
    int w = img.width();
    int h = img.height();
    int fg = card.foregroundClass();
    byte[] labels = classLabels(probabilities, card.classCount(), w * h, fg, threshold);
    boolean[] predicted = new boolean[w * h];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = labels[i] != 0;
    }
    return new Prediction(img, predicted, Scores.of(img.targetForeground(), img.instances(), predicted,
        instances.labelClass(labels, fg, w, h).labels(), w, h));
  }

  /** Each pixel's class from class-major probabilities, as {@link #predict} describes. */
  static byte[] classLabels(float[] probabilities, int classes, int pixels, int fg, double threshold) {
    boolean argmax = Double.isNaN(threshold);
    byte[] labels = new byte[pixels];
    for (int i = 0; i < pixels; i++) {
      int best = -1;
      if (!argmax && probabilities[fg * pixels + i] >= threshold) {
        best = fg;
      } else {
        float bestP = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
          float p = probabilities[k * pixels + i];
          if (p > bestP && (argmax || k != fg)) {
            bestP = p;
            best = k;
          }
        }
      }
      labels[i] = (byte) best;
    }
    return labels;
  }

  /**
   * The {@link OtsuBaseline} on every image (normalized by {@code spec}, blurred by {@code sigma}),
   * scored as a model's prediction.
   */
  public static List<Prediction> baseline(List<LabelledImage> images, NormalizationSpec spec, double sigma,
      InstanceOptions instances) {
    List<Prediction> out = new ArrayList<>();
    for (LabelledImage img : images) {
      int w = img.width();
      int h = img.height();
      boolean[] predicted = OtsuBaseline.foreground(img.normalized(spec), w, h, sigma);
      byte[] mask = new byte[w * h];
      for (int i = 0; i < mask.length; i++) {
        mask[i] = (byte) (predicted[i] ? 1 : 0);
      }
      out.add(new Prediction(img, predicted, Scores.of(img.targetForeground(), img.instances(), predicted,
          instances.label(mask, w, h).labels(), w, h)));
    }
    return out;
  }

  /** The mean scores of an ONNX model (bytes) on {@code images}. */
  public static Scores score(byte[] onnx, List<LabelledImage> images, NormalizationSpec spec, int maxInput) {
    try (UNetModel model = UNetModel.load(onnx, ModelOptions.cpu())) {
      return Scores.mean(predict(model, images, spec, maxInput).stream().map(Prediction::scores).toList());
    }
  }
}
