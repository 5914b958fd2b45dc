package dev.tessera.tiler.service;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.ModelCards;
import dev.tessera.tiler.tiling.TilerSettings;
import dev.tessera.tiler.topology.TilerTopology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the service configuration into the core's settings: the one place where it is validated.
 * Every error names the configuration key and what it accepts.
 */
final class TilerConfigs {

  static final String PREFIX_KEY = "tessera.topics.prefix";
  /** The prefix under which the Kafka Streams extension reads Kafka Streams' own settings. */
  static final String STREAMS_PREFIX = "kafka-streams.";

  private TilerConfigs() {}

  /**
   * The tiler settings: the model file's card if {@code tessera.tiler.model-path} is set, checked
   * against any explicit depth and normalization.
   */
  static TilerSettings settings(TilerConfig config) {
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

  /** The topic registry under {@code tessera.topics.prefix}. */
  static Topics topics(TopicsConfig config) {
    try {
      return Topics.withPrefix(config.prefix());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX_KEY + "=" + config.prefix() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that the Kafka Streams settings the service runs with ({@code streams}, as the
   * extension collected them from {@code kafka-streams.*}) are exactly the core's
   * {@link TilerTopology#streamsProperties} for {@code limits}, so the service and the local mode
   * cannot drift apart. {@code application.properties} derives most of them from
   * {@code tessera.kafka.*}, but two are sums a property expression cannot compute: the message
   * names every key to set and its value.
   *
   * @throws IllegalArgumentException naming each differing key with the value it needs
   */
  static void checkStreams(Map<String, ?> streams, KafkaLimits limits) {
    Map<String, String> expected = new TreeMap<>();
    TilerTopology.streamsProperties(limits).forEach((key, value) -> expected.put((String) key, String.valueOf(value)));
    List<String> wrong = new ArrayList<>();
    expected.forEach((key, value) -> {
      Object actual = streams.get(key);
      if (actual == null || !value.equals(String.valueOf(actual).strip())) {
        wrong.add(STREAMS_PREFIX + key + "=" + value + " (it is " + (actual == null ? "not set" : actual) + ")");
      }
    });
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("The Kafka Streams settings do not match what the tiler needs with "
          + "tessera.kafka.max-record-bytes=" + limits.maxRecordBytes() + " and tessera.kafka.compression="
          + limits.compression() + " (TilerTopology.streamsProperties): set " + String.join(", ", wrong));
    }
  }
}
