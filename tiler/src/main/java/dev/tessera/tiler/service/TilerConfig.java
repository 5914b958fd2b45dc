package dev.tessera.tiler.service;

import dev.tessera.tiler.tiling.TilerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code tessera.tiler.*}: where the tile geometry comes from, and the limits. Checked together,
 * once, by {@link TilerConfigs} at start-up.
 */
@ConfigMapping(prefix = "tessera.tiler")
public interface TilerConfig {

  /** The model's ONNX file; its card gives depth and normalization. */
  Optional<String> modelPath();

  /** U-Net depth, when there is no model file (or to check the model's). */
  OptionalInt depth();

  /** {@code range} or {@code percentile:LOW,HIGH}, when there is no model file (or to check it). */
  Optional<String> normalization();

  /** The Kafka Streams application id: consumer group and transactional id prefix. */
  @WithDefault(dev.tessera.tiler.topology.TilerTopology.DEFAULT_APPLICATION_ID)
  String applicationId();

  @WithDefault("" + TilerSettings.DEFAULT_MAX_INPUT_SIZE)
  int maxInputSize();

  /** A fixed input tile side for every frame, instead of the size chosen per frame size. */
  OptionalInt inputSize();

  @WithDefault("" + TilerSettings.DEFAULT_MAX_FRAME_SIDE)
  int maxFrameWidth();

  @WithDefault("" + TilerSettings.DEFAULT_MAX_FRAME_SIDE)
  int maxFrameHeight();

  @WithDefault("" + TilerSettings.DEFAULT_MAX_FRAME_PIXELS)
  long maxFramePixels();
}
