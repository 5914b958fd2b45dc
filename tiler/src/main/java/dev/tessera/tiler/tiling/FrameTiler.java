package dev.tessera.tiler.tiling;

import dev.tessera.records.Frame;
import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Pixels;
import dev.tessera.schemas.Rejection;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.TileSizes;
import dev.tessera.imaging.normalize.Normalizer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates frames and prepares their tiles under one {@link TilerSettings}. Thread-safe: the
 * tile plans are cached per frame size and shared by every stream task of the process.
 *
 * <p>{@link #prepare} does all the work that can fail (validation, tile-size choice,
 * normalization) before the first tile is cut, so an invalid frame yields no tile at all.
 */
public final class FrameTiler {

  /** Frame sizes change rarely; a flood of distinct sizes must not grow the cache without bound. */
  private static final int PLAN_CACHE_LIMIT = 256;

  private final TilerSettings settings;
  private final Map<Long, TilePlan> plans = new ConcurrentHashMap<>();

  public FrameTiler(TilerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public TilerSettings settings() {
    return settings;
  }

  /**
   * The tile plan for a frame size: the fixed input size if the settings have one, else the input
   * size that computes the fewest pixels (cached per size).
   */
  public TilePlan plan(int width, int height) {
    if (settings.fixedInputSize().isPresent()) {
      return TilePlan.of(settings.geometry(), width, height, settings.fixedInputSize().getAsInt());
    }
    long key = ((long) width << 32) | (height & 0xFFFF_FFFFL);
    TilePlan plan = plans.get(key);
    if (plan == null) {
      plan = TileSizes.choose(settings.geometry(), width, height, settings.maxInputSize());
      if (plans.size() >= PLAN_CACHE_LIMIT) {
        plans.clear();
      }
      plans.put(key, plan);
    }
    return plan;
  }

  /**
   * Checks a frame against its own fields and the configured limits.
   *
   * @throws Rejection ({@link DeadLetterError#INVALID_FRAME} or {@link DeadLetterError#FRAME_OVER_LIMIT})
   *     with a reason naming the frame, the offending values and what was expected
   */
  public void validate(Frame frame) {
    String acquisition = frame.getAcquisitionId();
    if (acquisition == null || acquisition.isBlank()) {
      throw invalid("Frame " + frame.getFrameIndex() + " has no acquisitionId: tiles are keyed"
          + " acquisition/frame/tile, so every frame needs one");
    }
    String id = "Frame " + acquisition + "/" + frame.getFrameIndex();
    int width = frame.getWidth();
    int height = frame.getHeight();
    if (width < 1 || height < 1) {
      throw invalid(id + " has size " + width + "x" + height + ": width and height must be at least 1");
    }
    if (width > settings.maxFrameWidth()) {
      throw overLimit(id + " is " + width + "x" + height + ", wider than " + TilerSettings.MAX_FRAME_WIDTH_KEY
          + "=" + settings.maxFrameWidth());
    }
    if (height > settings.maxFrameHeight()) {
      throw overLimit(id + " is " + width + "x" + height + ", taller than " + TilerSettings.MAX_FRAME_HEIGHT_KEY
          + "=" + settings.maxFrameHeight());
    }
    long pixels = (long) width * height;
    if (pixels > settings.maxFramePixels()) {
      throw overLimit(id + " is " + width + "x" + height + " = " + pixels + " pixels, more than "
          + TilerSettings.MAX_FRAME_PIXELS_KEY + "=" + settings.maxFramePixels());
    }
    PixelType type = frame.getPixelType();
    if (type == null) {
      throw invalid(id + " has no pixel type: expected one of UINT8, UINT16, FLOAT32");
    }
    long expected = Pixels.expectedBytes(width, height, type);
    long actual = frame.getPixels() == null ? 0 : frame.getPixels().remaining();
    if (actual != expected) {
      throw invalid(id + " is " + width + "x" + height + " " + type + ", which needs " + expected
          + " bytes of pixels (" + Pixels.bytesPerPixel(type) + " per pixel), but it carries " + actual);
    }
    if (type == PixelType.FLOAT32) {
      checkFinite(id, frame.getPixels(), width);
    }
  }

  /**
   * Validates {@code frame} and prepares its tiles.
   *
   * @param sourcePartition the frame's partition, recorded on each tile (-1 if none)
   * @param sourceOffset the frame's offset, recorded on each tile (-1 if none)
   * @param tiledAt when the frame was tiled, recorded on each tile
   * @throws Rejection when the frame is invalid; no tile is prepared then
   */
  public FrameTiles prepare(Frame frame, int sourcePartition, long sourceOffset, Instant tiledAt) {
    validate(frame);
    TilePlan plan = plan(frame.getWidth(), frame.getHeight());
    Normalization normalization = Normalizer.compute(settings.normalization(), frame.getPixels(), frame.getPixelType());
    return new FrameTiles(frame, plan, settings.geometry().geometryId(plan.inputSize()), normalization,
        sourcePartition, sourceOffset, tiledAt);
  }

  private static void checkFinite(String id, ByteBuffer pixels, int width) {
    ByteBuffer le = Pixels.view(pixels);
    int n = le.remaining() / 4;
    int first = -1;
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(le.getFloat(4 * i))) {
        if (first < 0) {
          first = i;
        }
        count++;
      }
    }
    if (count == n) {
      throw invalid(id + ": all of its " + n + " FLOAT32 pixels are NaN or infinite, so it has nothing to"
          + " normalize or segment");
    }
    if (count > 0) {
      throw invalid(id + " has " + count + " NaN or infinite FLOAT32 pixels of " + n + " (the first at x="
          + first % width + ", y=" + first / width + "); the network cannot score them");
    }
  }

  private static Rejection invalid(String reason) {
    return new Rejection(DeadLetterError.INVALID_FRAME, reason);
  }

  private static Rejection overLimit(String reason) {
    return new Rejection(DeadLetterError.FRAME_OVER_LIMIT, reason);
  }
}
