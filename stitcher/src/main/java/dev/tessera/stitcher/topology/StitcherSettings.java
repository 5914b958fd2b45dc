package dev.tessera.stitcher.topology;

import dev.tessera.imaging.model.ModelCard;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * The stitcher's settings, validated here once, with messages naming the configuration key
 * ({@code tessera.stitcher.*}) and the allowed values.
 *
 * @param frameTimeout how long a frame may wait for its missing tiles, from its first tile, in
 *     stream time (the tile masks' timestamps: time the pipeline was down does not count), before
 *     it goes to the dead-letter topic naming them
 * @param maxOpenFrames how many frames one stream task (one tile-masks partition) keeps tiles of
 *     at once, and how many finished frames one ordering task holds back; beyond it the oldest
 *     incomplete frame is timed out (the oldest held frame released) instead of state growing
 * @param inOrder whether masks and object tables are published in frame order per acquisition
 * @param orderGrace how long a finished frame waits for a predecessor index never seen (a gap in
 *     the frame indices, or a frame none of whose tiles has arrived yet) before it is published
 * @param foregroundClass the class whose pixels are cells and whose probability is the mask's
 *     foreground plane
 * @param instances how cells are separated
 * @param foregroundThreshold the foreground probability from which a pixel is foreground (0..1,
 *     exclusive), or NaN: each pixel takes its most probable class
 * @param punctuateInterval how often (wall clock) timeouts and held frames are checked
 * @param limits record-size limits of the output and internal topics
 */
public record StitcherSettings(Duration frameTimeout, int maxOpenFrames, boolean inOrder, Duration orderGrace,
    int foregroundClass, InstanceOptions instances, double foregroundThreshold, Duration punctuateInterval,
    KafkaLimits limits) {

  public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofMinutes(2);
  public static final int DEFAULT_MAX_OPEN_FRAMES = 32;
  public static final Duration DEFAULT_ORDER_GRACE = Duration.ofSeconds(10);
  public static final int DEFAULT_FOREGROUND_CLASS = 1;
  public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(1);

  public StitcherSettings {
    requirePositive("frame-timeout", frameTimeout);
    requirePositive("punctuate-interval", punctuateInterval);
    Objects.requireNonNull(orderGrace, "order-grace");
    if (orderGrace.isNegative()) {
      throw new IllegalArgumentException("order-grace=" + orderGrace + " must not be negative");
    }
    if (maxOpenFrames < 1) {
      throw new IllegalArgumentException("max-open-frames=" + maxOpenFrames + " must be at least 1");
    }
    if (foregroundClass < 0 || foregroundClass > 255) {
      throw new IllegalArgumentException("foreground-class=" + foregroundClass
          + " must be a class index 0..255");
    }
    Objects.requireNonNull(instances, "instances");
    ModelCard.requireForegroundThreshold(foregroundThreshold);
    Objects.requireNonNull(limits, "limits");
  }

  /** For logs: how pixels become cells, e.g. {@code class 1 where its probability >= 0.7, 4-connected cells ...}. */
  public String describeCells() {
    return "class " + foregroundClass + (Double.isNaN(foregroundThreshold) ? " where it is the most probable class"
        : " where its probability >= " + foregroundThreshold) + ", " + instances.describe();
  }

  /**
   * Defaults: 2 min frame timeout, 32 open frames per task, in order with a 10 s grace,
   * foreground class 1, 4-connected cells without watershed, checks every second, default limits.
   */
  public static StitcherSettings defaults() {
    return new StitcherSettings(DEFAULT_FRAME_TIMEOUT, DEFAULT_MAX_OPEN_FRAMES, true, DEFAULT_ORDER_GRACE,
        DEFAULT_FOREGROUND_CLASS, InstanceOptions.defaults(), Double.NaN, DEFAULT_PUNCTUATE_INTERVAL,
        KafkaLimits.defaults());
  }

  /** A builder starting from these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some settings of a copy; {@link #build()} validates the result. */
  public static final class Builder {
    private Duration frameTimeout;
    private int maxOpenFrames;
    private boolean inOrder;
    private Duration orderGrace;
    private int foregroundClass;
    private InstanceOptions instances;
    private double foregroundThreshold;
    private Duration punctuateInterval;
    private KafkaLimits limits;

    private Builder(StitcherSettings s) {
      frameTimeout = s.frameTimeout;
      maxOpenFrames = s.maxOpenFrames;
      inOrder = s.inOrder;
      orderGrace = s.orderGrace;
      foregroundClass = s.foregroundClass;
      instances = s.instances;
      foregroundThreshold = s.foregroundThreshold;
      punctuateInterval = s.punctuateInterval;
      limits = s.limits;
    }

    public Builder frameTimeout(Duration timeout) {
      frameTimeout = timeout;
      return this;
    }

    public Builder maxOpenFrames(int max) {
      maxOpenFrames = max;
      return this;
    }

    public Builder inOrder(boolean on) {
      inOrder = on;
      return this;
    }

    public Builder orderGrace(Duration grace) {
      orderGrace = grace;
      return this;
    }

    public Builder foregroundClass(int foreground) {
      foregroundClass = foreground;
      return this;
    }

    public Builder instances(InstanceOptions options) {
      instances = options;
      return this;
    }

    /** The foreground probability from which a pixel is foreground, or NaN for the most probable class. */
    public Builder foregroundThreshold(double threshold) {
      foregroundThreshold = threshold;
      return this;
    }

    public Builder punctuateInterval(Duration interval) {
      punctuateInterval = interval;
      return this;
    }

    public Builder limits(KafkaLimits kafkaLimits) {
      limits = kafkaLimits;
      return this;
    }

    public StitcherSettings build() {
      return new StitcherSettings(frameTimeout, maxOpenFrames, inOrder, orderGrace, foregroundClass, instances,
          foregroundThreshold, punctuateInterval, limits);
    }
  }

  /**
   * How long a closed frame's small index entry (no tiles) is kept, so a late duplicate tile
   * changes nothing instead of opening the frame again: one frame timeout.
   */
  public Duration closedFrameRetention() {
    return frameTimeout;
  }

  /**
   * How long an idle acquisition's ordering entry (its next expected frame) is kept: ten frame
   * timeouts plus the grace. A frame of it arriving later starts the acquisition afresh.
   */
  public Duration acquisitionRetention() {
    return frameTimeout.multipliedBy(10).plus(orderGrace);
  }

  /** Connectivity of cells, for messages and metrics. */
  public Connectivity connectivity() {
    return instances.connectivity();
  }

  private static void requirePositive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + "=" + d + " must be a positive duration");
    }
  }
}
