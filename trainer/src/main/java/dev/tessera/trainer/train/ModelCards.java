package dev.tessera.trainer.train;

import dev.tessera.imaging.model.ModelCard;
import java.util.List;
import java.util.Locale;

/** The model card of a training run (DESIGN.md section 4), filled from its config and data. */
public final class ModelCards {

  /** Class names of Tessera's two-class task, in output-channel order. */
  public static final List<String> CLASSES = List.of("background", "cell");

  private ModelCards() {}

  /**
   * The card of a model trained with {@code config} on the images {@code train}, validated on
   * {@code validation}, with {@code validationMetrics} (JSON, may be empty). The self-test is
   * filled in at export.
   */
  public static ModelCard of(TrainConfig config, List<String> train, List<String> validation,
      String validationMetrics) {
    String data = String.format(Locale.ROOT, "%s (labels %s): %d training images %s; validation %s", config.data(),
        config.labels(), train.size(), abbreviate(train),
        validation.isEmpty() ? "none" : validation.size() + " images " + abbreviate(validation));
    return new ModelCard(config.modelId(), config.depth(), CLASSES, 1, config.normalizationSpec(),
        ModelCard.SelfTest.NONE, data, config.toCompactJson(), validationMetrics, TesseraVersion.get());
  }

  private static String abbreviate(List<String> n) {
    return n.size() <= 8 ? n.toString() : "[" + n.get(0) + ", " + n.get(1) + ", ..., " + n.get(n.size() - 1) + "]";
  }
}
