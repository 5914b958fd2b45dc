package dev.tessera.trainer.evaluate;

import dev.tessera.imaging.instances.InstanceOptions;
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

  /** The foreground threshold of the pipeline's masks: the class with the larger probability. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Predicts every image and scores it (threshold 0.5 on the foreground probability, connected components). */
  public static List<Prediction> predict(UNetModel model, List<LabelledImage> images, NormalizationSpec spec,
      int maxInput) {
    return predict(model, images, spec, maxInput, DEFAULT_THRESHOLD, null, false);
  }

  /**
   * Predicts every image and scores it: foreground where its probability is at least {@code
   * threshold}, cells found by {@code instances} (the stitcher's post-processing, e.g. its
   * watershed; null: 4-connected components), each prediction the mean over the 8 orientations
   * ({@link Flip8}) when {@code flip8}.
   */
  public static List<Prediction> predict(UNetModel model, List<LabelledImage> images, NormalizationSpec spec,
      int maxInput, double threshold, InstanceOptions instances, boolean flip8) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("the foreground threshold must be in (0, 1), was " + threshold);
    }
    List<Prediction> out = new ArrayList<>();
    int fg = model.card().foregroundClass();
    for (LabelledImage img : images) {
      int w = img.width();
      int h = img.height();
      float[] all = flip8 ? Flip8.tiled(model, img.normalized(spec), w, h, maxInput)
          : FrameInference.tiled(model, img.normalized(spec), w, h, maxInput);
      boolean[] predicted = new boolean[w * h];
      for (int i = 0; i < predicted.length; i++) {
        predicted[i] = all[fg * w * h + i] >= threshold;
      }
      out.add(new Prediction(img, predicted, score(img, predicted, instances)));
    }
    return out;
  }

  /**
   * The {@link OtsuBaseline} on every image (normalized by {@code spec}, blurred by {@code sigma}),
   * scored as a model's prediction.
   */
  public static List<Prediction> baseline(List<LabelledImage> images, NormalizationSpec spec, double sigma,
      InstanceOptions instances) {
    List<Prediction> out = new ArrayList<>();
    for (LabelledImage img : images) {
      boolean[] predicted = OtsuBaseline.foreground(img.normalized(spec), img.width(), img.height(), sigma);
      out.add(new Prediction(img, predicted, score(img, predicted, instances)));
    }
    return out;
  }

  private static Scores score(LabelledImage img, boolean[] predicted, InstanceOptions instances) {
    int w = img.width();
    int h = img.height();
    if (instances == null) {
      return Scores.of(img.targetForeground(), img.instances(), predicted, w, h);
    }
    byte[] mask = new byte[w * h];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (byte) (predicted[i] ? 1 : 0);
    }
    return Scores.of(img.targetForeground(), img.instances(), predicted, instances.label(mask, w, h).labels(), w, h);
  }

  /** The mean scores of an ONNX model (bytes) on {@code images}. */
  public static Scores score(byte[] onnx, List<LabelledImage> images, NormalizationSpec spec, int maxInput) {
    try (UNetModel model = UNetModel.load(onnx, ModelOptions.cpu())) {
      return Scores.mean(predict(model, images, spec, maxInput).stream().map(Prediction::scores).toList());
    }
  }
}
