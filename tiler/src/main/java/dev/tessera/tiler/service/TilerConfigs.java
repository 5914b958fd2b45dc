package dev.tessera.tiler.service;

import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.ModelCards;
import dev.tessera.service.ConfigErrors;
import dev.tessera.tiler.tiling.TilerSettings;
import java.nio.file.Path;

/**
 * Turns the service configuration into the core's settings: the one place where it is validated.
 * Every error names the configuration key and what it accepts.
 */
final class TilerConfigs {

  private TilerConfigs() {}

  /**
   * The tiler settings: the model file's card if {@code tessera.tiler.model-path} is set, checked
   * against any explicit depth and normalization.
   */
  static TilerSettings settings(TilerConfig config) {
    return ConfigErrors.withPrefix("tessera.tiler.", () -> build(config));
  }

  private static TilerSettings build(TilerConfig config) {
    TilerSettings.Builder builder = TilerSettings.builder()
        .maxInputSize(config.maxInputSize())
        .maxFrameWidth(config.maxFrameWidth())
        .maxFrameHeight(config.maxFrameHeight())
        .maxFramePixels(config.maxFramePixels());
    config.modelPath().ifPresent(path -> {
      ModelCard card;
      try {
        card = ModelCards.read(Path.of(path));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(TilerSettings.MODEL_PATH_KEY + "=" + path + ": " + e.getMessage(), e);
      }
      builder.modelCard(card, path);
    });
    config.inputSize().ifPresent(builder::fixedInputSize);
    config.depth().ifPresent(builder::depth);
    config.normalization().ifPresent(builder::normalization);
    return builder.build();
  }
}
