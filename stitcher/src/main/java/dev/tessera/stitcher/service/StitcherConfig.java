package dev.tessera.stitcher.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The stitcher service's configuration, {@code tessera.stitcher.*} (or environment variables such
 * as {@code TESSERA_STITCHER_FRAME_TIMEOUT}), with {@link TopicsConfig} and {@link KafkaConfig}.
 * Three roots rather than one {@code tessera} root, so other {@code tessera.*} properties (the
 * build's {@code tessera.shared.data}) are not taken for unknown keys. Values are read as given
 * and checked together, once, by {@link StitcherConfigs} at start-up; the defaults are those of
 * {@link dev.tessera.stitcher.topology.StitcherSettings#defaults()}.
 */
@ConfigMapping(prefix = "tessera.stitcher")
public interface StitcherConfig {

  /** {@code tessera.stitcher.application-id}: the Kafka Streams application id (consumer group, transactional ids). */
  @WithDefault(dev.tessera.stitcher.topology.StitcherTopology.DEFAULT_APPLICATION_ID)
  String applicationId();

  /** How long a frame may wait for its missing tiles before it is dead-lettered. */
  @WithDefault("2m")
  Duration frameTimeout();

  /** Frames with stored tiles per stream task (and finished frames held per ordering task). */
  @WithDefault("32")
  int maxOpenFrames();

  /** Publish masks and object tables in frame order per acquisition. */
  @WithDefault("true")
  boolean inOrder();

  /** How long a finished frame waits for a predecessor index never seen. */
  @WithDefault("10s")
  Duration orderGrace();

  /**
   * {@code tessera.stitcher.model-path}: the model the workers run; its card gives the foreground class and the
   * cell separation (connected components or the watershed) wherever the keys below are not set.
   */
  Optional<String> modelPath();

  /** The class whose pixels are cells and whose probability is the foreground plane; default the card's, or 1. */
  Optional<Integer> foregroundClass();

  /**
   * The foreground probability (0..1, exclusive) from which a pixel is foreground; default the card's, or none: each
   * pixel takes its most probable class.
   */
  Optional<Double> foregroundThreshold();

  /** 4 or 8: which pixels of a cell touch. */
  @WithDefault("4")
  int connectivity();

  /** Split touching cells by a distance-transform watershed; default the card's, or false. */
  Optional<Boolean> watershed();

  /** The valley depth, in pixels, a watershed split must exceed; default the card's, or 2.0. */
  Optional<Double> watershedH();

  /** The fewest pixels a cell may have (smaller ones are dropped); default the card's, or 0: every cell. */
  Optional<Integer> minCellArea();

  /**
   * {@code tessera.stitcher.shedding-window}: readiness stays DOWN this long after the open-frame
   * limit evicted a frame (0 never goes DOWN for it).
   */
  @WithDefault("1m")
  Duration sheddingWindow();

  /** How often timeouts and held frames are checked (wall clock). */
  @WithDefault("1s")
  Duration punctuateInterval();

  /** {@code tessera.stitcher.view.*}: the live view at {@code /view}. */
  View view();

  /** The live view the service serves ({@link StitcherLiveView}). */
  interface View {

    /** {@code tessera.stitcher.view.enabled}: serve {@code /view} and read the output topics for it. */
    @WithDefault("true")
    boolean enabled();
  }
}
