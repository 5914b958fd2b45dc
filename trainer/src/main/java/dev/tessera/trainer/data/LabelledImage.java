package dev.tessera.trainer.data;

import dev.tessera.imaging.instances.ConnectedComponents;
import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.trainer.augment.TrainingImage;
import dev.tessera.trainer.image.Labels;
import dev.tessera.trainer.weights.Targets;
import dev.tessera.trainer.weights.WeightMap;
import java.nio.ByteBuffer;

/**
 * An image and its labels, as found in a data folder.
 *
 * @param name the file name without extension
 * @param image the image (one channel)
 * @param labels the label image
 * @param format how the labels are read (resolved, never {@link LabelFormat.Auto})
 */
public record LabelledImage(String name, RawImage image, RawImage labels, LabelFormat format) {

  public LabelledImage {
    if (image.width() != labels.width() || image.height() != labels.height()) {
      throw new IllegalArgumentException(name + ": image is " + image.width() + "x" + image.height()
          + " but its labels are " + labels.width() + "x" + labels.height());
    }
    format = format.resolve(labels);
  }

  public int width() {
    return image.width();
  }

  public int height() {
    return image.height();
  }

  /** Cell interior (true) vs background or membrane. */
  public boolean[] foreground() {
    int[] v = labels.values();
    boolean[] fg = new boolean[v.length];
    if (format instanceof LabelFormat.Binary b) {
      for (int i = 0; i < v.length; i++) {
        fg[i] = b.isForeground(v[i]);
      }
    } else {
      for (int i = 0; i < v.length; i++) {
        fg[i] = v[i] != 0;
      }
    }
    return fg;
  }

  /** The cells: the instance map as it is, or the 4-connected components of a binary mask. */
  public int[] instances() {
    return format instanceof LabelFormat.Binary
        ? ConnectedComponents.label(foreground(), width(), height(), Connectivity.FOUR).labels()
        : labels.values().clone();
  }

  /**
   * The binary foreground the network is trained to predict and evaluated against: a binary mask
   * as it is; an instance map with touching cells separated by a one-pixel gap.
   */
  public boolean[] targetForeground() {
    return format instanceof LabelFormat.Binary
        ? foreground()
        : Labels.foreground(Labels.separateTouching(labels.values(), width(), height()));
  }

  /**
   * Training targets with the paper's weight map; with {@code boundary} (instance labels only) each
   * cell's outline is a class of its own ({@link Targets#fromInstances(int[], int, int, WeightMap, boolean)}).
   *
   * @throws IllegalArgumentException for {@code boundary} with binary labels
   */
  public Targets targets(WeightMap weightMap, boolean boundary) {
    if (format instanceof LabelFormat.Binary) {
      if (boundary) {
        throw new IllegalArgumentException(name + ": a boundary class needs instance labels, not " + format);
      }
      return Targets.fromMask(foreground(), width(), height(), weightMap);
    }
    return Targets.fromInstances(labels.values(), width(), height(), weightMap, boundary);
  }

  /** The image normalized as the tiler normalizes frames for a model declaring {@code spec}. */
  public float[] normalized(NormalizationSpec spec) {
    return normalize(image, spec);
  }

  /** {@code (raw - offset) * scale} with the tiler's {@link Normalizer}. */
  public static float[] normalize(RawImage image, NormalizationSpec spec) {
    ByteBuffer pixels = image.littleEndian();
    return Normalizer.apply(Normalizer.compute(spec, pixels, image.type()), pixels, image.type());
  }

  /** The training view: normalized image, classes and weights. */
  public TrainingImage trainingImage(NormalizationSpec spec, WeightMap weightMap, boolean boundary) {
    Targets t = targets(weightMap, boundary);
    return new TrainingImage(name, width(), height(), normalized(spec), t.classes(), t.weights());
  }
}
