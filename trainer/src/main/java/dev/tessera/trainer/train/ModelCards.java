package dev.tessera.trainer.train;

import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.trainer.weights.Targets;
import java.util.List;
import java.util.Locale;

/** The model card of a training run (DESIGN.md section 4), filled from its config and data. */
public final class ModelCards {

  /** Class names of Tessera's two-class task, in output-channel order. */
  public static final List<String> CLASSES = List.of("background", "cell");

  /** Class names of the three-class task ({@link TrainConfig#boundaryClass()}), in output-channel order. */
  public static final List<String> BOUNDARY_CLASSES = List.of("background", "cell", ModelCard.BOUNDARY_CLASS_NAME);

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
    ModelCard card = new ModelCard(config.modelId(), config.depth(),
        config.boundaryClass() ? BOUNDARY_CLASSES : CLASSES, Targets.CELL, config.normalizationSpec(),
        ModelCard.SelfTest.NONE, data, config.toCompactJson(), validationMetrics, TesseraVersion.get());
    return config.boundaryClass() ? card.withSeparation(CellSeparation.BOUNDARY) : card;
  }

  private static String abbreviate(List<String> n) {
    return n.size() <= 8 ? n.toString() : "[" + n.get(0) + ", " + n.get(1) + ", ..., " + n.get(n.size() - 1) + "]";
  }
}
