package dev.tessera.trainer.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.trainer.augment.AugmentSpec;
import dev.tessera.trainer.data.LabelFormat;
import dev.tessera.trainer.net.UNetSpec;
import dev.tessera.trainer.weights.Targets;
import dev.tessera.trainer.weights.WeightMap;
import java.util.List;
import java.util.Locale;

/**
 * Everything that defines a training run; stored as the run folder's {@code config.json} and in
 * the exported model card, so the run can be repeated (same seed, same data: same losses).
 *
 * @param data the data folder ({@code images/}, {@code labels/})
 * @param labels label format ({@code auto}, {@code instances}, {@code binary}, {@code binary:V})
 * @param split validation split ({@code none}, {@code names:...}, {@code fraction:F})
 * @param modelId id of the exported model
 * @param depth U-Net depth
 * @param width U-Net base width
 * @param dropout dropout rate at the end of the contracting path
 * @param tileSize training input tile side (a valid input of the depth)
 * @param batchSize tiles per step
 * @param steps optimisation steps
 * @param optimizer {@code sgd} (with momentum, the paper) or {@code adam}
 * @param learningRate learning rate
 * @param momentum SGD momentum (the paper: 0.99)
 * @param seed seed of initialisation, sampling, augmentation and dropout
 * @param augment augmentation
 * @param weightMap loss weight map
 * @param normalization input normalization, as the model card declares it
 * @param validateEvery steps between validations (0 = only at the end)
 * @param checkpointEvery steps between checkpoints (0 = only at the end)
 * @param maxInput largest tile side used for whole-image validation
 * @param init checkpoint whose weights the run starts from instead of He initialisation (empty:
 *     none), to continue a run with other settings
 * @param schedule learning-rate schedule ({@code constant}, {@code cosine} or
 *     {@code cosine:WARMUP_STEPS}, see {@link LearningRateSchedule})
 * @param keepBest validation metric that picks the exported checkpoint ({@code auto}: Rand error for
 *     binary labels, F1 for instances; {@code pixel-error}, {@code rand-error}, {@code f1}; {@code
 *     last}: the last step)
 * @param boundaryClass whether the network learns a third class, each cell's outline (instance
 *     labels only): background / interior / boundary targets, cells grown from the interiors
 */
public record TrainConfig(String data, String labels, String split, String modelId, int depth, int width,
    float dropout, int tileSize, int batchSize, int steps, String optimizer, double learningRate, double momentum,
    long seed, AugmentSpec augment, WeightMap weightMap, String normalization, int validateEvery, int checkpointEvery,
    int maxInput, String init, String schedule, String keepBest, boolean boundaryClass) {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the option and its allowed values
   */
  public TrainConfig {
    spec(depth, width, dropout, boundaryClass);
    if (boundaryClass && LabelFormat.parse(labels) instanceof LabelFormat.Binary) {
      throw new IllegalArgumentException("--boundary-class needs instance labels (--labels instances), not " + labels);
    }
    dev.tessera.trainer.data.Split.checkSpec(split);
    NormalizationSpec.parse(normalization);
    if (!spec(depth, width, dropout, boundaryClass).geometry().isValidInput(tileSize)) {
      var g = spec(depth, width, dropout, boundaryClass).geometry();
      throw new IllegalArgumentException("--tile-size " + tileSize + " is not a valid input of a depth-" + depth
          + " U-Net: use " + g.minimumInput() + " + k*" + g.modulus() + " (e.g. "
          + g.largestValidInputAtMost(Math.max(tileSize, g.minimumInput())) + ")");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, was " + batchSize);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be at least 1, was " + steps);
    }
    optimizer = optimizer == null ? "sgd" : optimizer.toLowerCase(Locale.ROOT);
    if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
      throw new IllegalArgumentException("--optimizer must be sgd or adam, was " + optimizer);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("--lr must be a positive number, was " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("--momentum must be in [0, 1), was " + momentum);
    }
    if (validateEvery < 0 || checkpointEvery < 0) {
      throw new IllegalArgumentException("--validate-every and --checkpoint-every must be 0 or more");
    }
    init = init == null ? "" : init;
    schedule = LearningRateSchedule.parse(schedule).toString();
    keepBest = keepBest == null ? "auto" : keepBest.toLowerCase(Locale.ROOT);
    if (!List.of("auto", "last", "pixel-error", "rand-error", "f1").contains(keepBest)) {
      throw new IllegalArgumentException("--keep-best must be auto, last, pixel-error, rand-error or f1, was "
          + keepBest);
    }
    if (spec(depth, width, dropout, boundaryClass).geometry().largestValidInputAtMost(maxInput) < 0) {
      throw new IllegalArgumentException("--max-input " + maxInput + " is below the smallest valid input "
          + spec(depth, width, dropout, boundaryClass).geometry().minimumInput());
    }
  }

  private static UNetSpec spec(int depth, int width, float dropout, boolean boundaryClass) {
    return new UNetSpec(depth, width, boundaryClass ? Targets.BOUNDARY_CLASSES : Targets.CLASSES, dropout);
  }

  /** The network's shape. */
  public UNetSpec spec() {
    return spec(depth, width, dropout, boundaryClass);
  }

  public NormalizationSpec normalizationSpec() {
    return NormalizationSpec.parse(normalization);
  }

  public LearningRateSchedule learningRateSchedule() {
    return LearningRateSchedule.parse(schedule);
  }

  /**
   * The metric that picks the best checkpoint, resolving {@code auto}: Rand error for binary labels
   * (membranes: region splits and merges matter), F1 at IoU 0.5 for instances.
   */
  public String selectionMetric() {
    if (!keepBest.equals("auto")) {
      return keepBest;
    }
    return labelFormat() instanceof LabelFormat.Binary ? "rand-error" : "f1";
  }

  public LabelFormat labelFormat() {
    return LabelFormat.parse(labels);
  }

  /** This config as pretty JSON. */
  public String toJson() {
    return GSON.toJson(this);
  }

  /** This config as one-line JSON (for the model card). */
  public String toCompactJson() {
    return new Gson().toJson(this);
  }

  /**
   * Reads a config written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when the text is not such a config
   */
  public static TrainConfig fromJson(String json) {
    try {
      TrainConfig c = GSON.fromJson(json, TrainConfig.class);
      if (c == null) {
        throw new IllegalArgumentException("empty config");
      }
      return c;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not a Tessera training config: " + e.getMessage(), e);
    }
  }
}
