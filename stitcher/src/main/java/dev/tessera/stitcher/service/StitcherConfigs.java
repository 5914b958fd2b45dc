package dev.tessera.stitcher.service;

import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.ModelCards;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.service.ConfigErrors;
import dev.tessera.stitcher.topology.StitcherSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns {@code tessera.stitcher.*} into the core's settings: the one place where it is validated.
 * The core names each setting by its short name; the key prefix is added here.
 */
final class StitcherConfigs {

  static final String KEY_PREFIX = "tessera.stitcher.";

  private StitcherConfigs() {}

  /** The stitcher settings. */
  static StitcherSettings settings(StitcherConfig s, KafkaLimits limits) {
    return ConfigErrors.withPrefix(KEY_PREFIX, () -> {
      Optional<ModelCard> card = s.modelPath().map(StitcherConfigs::card);
      CellSeparation separation = card.map(ModelCard::separation).orElse(CellSeparation.COMPONENTS);
      InstanceOptions instances = new InstanceOptions(Connectivity.of(s.connectivity()),
          s.watershed().orElse(separation.watershed()), s.watershedH().orElse(separation.watershedH()),
          card.map(ModelCard::boundaryClass).orElse(InstanceOptions.NO_CLASS),
          s.minCellArea().orElse(separation.minArea()));
      int foreground = s.foregroundClass().orElse(card.map(ModelCard::foregroundClass)
          .orElse(StitcherSettings.DEFAULT_FOREGROUND_CLASS));
      double threshold = s.foregroundThreshold().orElse(card.map(ModelCard::foregroundThreshold)
          .orElse(ModelCard.ARGMAX));
      return new StitcherSettings(s.frameTimeout(), s.maxOpenFrames(), s.inOrder(), s.orderGrace(),
          foreground, instances, threshold, s.punctuateInterval(), limits);
    });
  }

  private static ModelCard card(String path) {
    try {
      return ModelCards.read(Path.of(path));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model-path=" + path + ": " + e.getMessage(), e);
    }
  }
}
