package dev.tessera.tiler.tiling;

import dev.tessera.imaging.geometry.TileSizes;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the tiler needs to cut frames for one model: the U-Net geometry, the normalization, the
 * largest input tile it may choose and the frame sizes it accepts. Built from a model card, from
 * explicit values, or both; when both are given they must agree, because tiles cut for another
 * geometry than the model's would be scored wrongly without any error.
 *
 * <p>Error messages name the configuration keys below (as the Quarkus service and the command line
 * spell them) and the allowed values.
 *
 * @param geometry the network's geometry
 * @param normalization how each frame is normalized
 * @param maxInputSize the largest input tile side the tile-size choice may use
 * @param fixedInputSize when present, every frame is cut into tiles of this side instead of the
 *     size chosen for it (for models exported with a static input shape, and to compare with the
 *     paper's fixed 572x572 tiles)
 * @param maxFrameWidth wider frames are rejected
 * @param maxFrameHeight taller frames are rejected
 * @param maxFramePixels frames with more pixels are rejected
 * @param source where the geometry came from, for logs: a model id and file, or "explicit
 *     configuration"
 */
public record TilerSettings(UNetGeometry geometry, NormalizationSpec normalization, int maxInputSize,
    OptionalInt fixedInputSize, int maxFrameWidth, int maxFrameHeight, long maxFramePixels, String source) {

  public static final String MODEL_PATH_KEY = "model-path";
  public static final String DEPTH_KEY = "depth";
  public static final String NORMALIZATION_KEY = "normalization";
  public static final String MAX_INPUT_SIZE_KEY = "max-input-size";
  public static final String INPUT_SIZE_KEY = "input-size";
  public static final String MAX_FRAME_WIDTH_KEY = "max-frame-width";
  public static final String MAX_FRAME_HEIGHT_KEY = "max-frame-height";
  public static final String MAX_FRAME_PIXELS_KEY = "max-frame-pixels";

  /**
   * Default largest input tile: 1084 (for depth 4, outputs of 900x900, stride 896). Larger tiles
   * waste fewer computed pixels on big frames (a 2048x2048 frame computes 1.65x its pixels in nine
   * 876-pixel tiles, 2.81x in 36 of the paper's 572-pixel tiles; 4096x4096 1.55x in 25 1020-pixel
   * tiles, 2.36x in 121 572-pixel tiles) while one tile's
   * activations still fit a worker comfortably. The choice per frame size takes smaller tiles
   * where they compute less: a 512x512 frame gets one 700x700 tile.
   */
  public static final int DEFAULT_MAX_INPUT_SIZE = TileSizes.DEFAULT_MAX_INPUT_SIZE;
  /** Default frame side limit. */
  public static final int DEFAULT_MAX_FRAME_SIDE = 16384;
  /** Default frame pixel limit: 4096x4096, whose UINT16 frame (32 MiB) fits the default record size. */
  public static final long DEFAULT_MAX_FRAME_PIXELS = 4096L * 4096;
  /** A FLOAT32 frame of more pixels would not fit one Java byte array. */
  public static final long MAX_FRAME_PIXELS_LIMIT = (Integer.MAX_VALUE - 16) / 4;

  public TilerSettings {
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(normalization, "normalization");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fixedInputSize, "fixedInputSize");
    // Inputs below minimumTilingInput are valid for the network but cannot tile (their output is
    // narrower than the pooling grid): refused here, at start-up, rather than on the first frame.
    int smallest = geometry.minimumTilingInput();
    String sizes = "sizes that can tile are " + smallest + " + k*" + geometry.modulus();
    fixedInputSize.ifPresent(n -> {
      if (!geometry.isValidInput(n)) {
        int below = geometry.largestValidInputAtMost(n);
        throw new IllegalArgumentException(INPUT_SIZE_KEY + "=" + n + " is not a valid input of a depth-"
            + geometry.depth() + " U-Net: " + sizes
            + (below < smallest ? "" : " (nearest: " + below + " or " + (below + geometry.modulus()) + ")"));
      }
      if (n < smallest) {
        throw new IllegalArgumentException(INPUT_SIZE_KEY + "=" + n + " is too small to tile a frame with a depth-"
            + geometry.depth() + " U-Net: its output is narrower than the " + geometry.modulus()
            + "-pixel alignment; " + sizes);
      }
    });
    if (maxInputSize < smallest) {
      throw new IllegalArgumentException(MAX_INPUT_SIZE_KEY + "=" + maxInputSize
          + " is below the smallest input that can tile a frame with a depth-" + geometry.depth()
          + " U-Net: use at least " + smallest + " (" + sizes + ")");
    }
    requirePositive(MAX_FRAME_WIDTH_KEY, maxFrameWidth);
    requirePositive(MAX_FRAME_HEIGHT_KEY, maxFrameHeight);
    requirePositive(MAX_FRAME_PIXELS_KEY, maxFramePixels);
    if (maxFramePixels > MAX_FRAME_PIXELS_LIMIT) {
      throw new IllegalArgumentException(MAX_FRAME_PIXELS_KEY + "=" + maxFramePixels + " is over "
          + MAX_FRAME_PIXELS_LIMIT + ", the most pixels a FLOAT32 frame can hold in one Java array");
    }
  }

  /** The largest input tile side this tiler cuts: the fixed size, or the largest valid one up to the maximum. */
  public int largestInputSize() {
    return fixedInputSize.orElse(geometry.largestValidInputAtMost(maxInputSize));
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void requirePositive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + "=" + value + " is not a limit: use a positive number");
    }
  }

  /**
   * Resolves settings from a model card and explicit values. The card gives depth and
   * normalization; an explicit value may repeat the card's but not contradict it.
   */
  public static final class Builder {
    private ModelCard card;
    private String cardSource;
    private Integer depth;
    private NormalizationSpec normalization;
    private String normalizationText;
    private int maxInputSize = DEFAULT_MAX_INPUT_SIZE;
    private OptionalInt fixedInputSize = OptionalInt.empty();
    private int maxFrameWidth = DEFAULT_MAX_FRAME_SIDE;
    private int maxFrameHeight = DEFAULT_MAX_FRAME_SIDE;
    private long maxFramePixels = DEFAULT_MAX_FRAME_PIXELS;

    private Builder() {}

    /** The model's card and where it was read from (a file name, for messages). */
    public Builder modelCard(ModelCard card, String source) {
      this.card = Objects.requireNonNull(card, "card");
      this.cardSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /** An explicit U-Net depth ({@value #DEPTH_KEY}). */
    public Builder depth(int depth) {
      this.depth = depth;
      return this;
    }

    /** An explicit normalization ({@value #NORMALIZATION_KEY}). */
    public Builder normalization(NormalizationSpec spec) {
      this.normalization = Objects.requireNonNull(spec, "spec");
      this.normalizationText = spec.format();
      return this;
    }

    /**
     * An explicit normalization in text form, {@code range} or {@code percentile:LOW,HIGH}.
     *
     * @throws IllegalArgumentException naming the key and the accepted forms
     */
    public Builder normalization(String text) {
      try {
        this.normalization = NormalizationSpec.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(NORMALIZATION_KEY + "=" + text + ": " + e.getMessage(), e);
      }
      this.normalizationText = text;
      return this;
    }

    public Builder maxInputSize(int size) {
      this.maxInputSize = size;
      return this;
    }

    /** Cuts every frame into tiles of side {@code size} ({@value #INPUT_SIZE_KEY}) instead of choosing. */
    public Builder fixedInputSize(int size) {
      this.fixedInputSize = OptionalInt.of(size);
      return this;
    }

    public Builder maxFrameWidth(int width) {
      this.maxFrameWidth = width;
      return this;
    }

    public Builder maxFrameHeight(int height) {
      this.maxFrameHeight = height;
      return this;
    }

    public Builder maxFramePixels(long pixels) {
      this.maxFramePixels = pixels;
      return this;
    }

    /**
     * The validated settings.
     *
     * @throws IllegalArgumentException when there is no geometry, when a value is out of range
     *     (naming the key and the allowed values), or when an explicit value contradicts the
     *     model card (naming both values)
     */
    public TilerSettings build() {
      if (card == null && depth == null) {
        throw new IllegalArgumentException(MODEL_PATH_KEY + " is not set and there is no " + DEPTH_KEY
            + ": no tile geometry. Give the model's ONNX file, or a depth (1 to 10, 4 for the paper's U-Net) and"
            + " optionally a " + NORMALIZATION_KEY + " (range or percentile:LOW,HIGH; default percentile:1.0,99.8)");
      }
      if (depth != null && (depth < 1 || depth > 10)) {
        throw new IllegalArgumentException(DEPTH_KEY + "=" + depth + " is not a U-Net depth: use 1 to 10");
      }
      if (card == null) {
        NormalizationSpec spec = normalization == null ? NormalizationSpec.defaults() : normalization;
        return new TilerSettings(new UNetGeometry(depth), spec, maxInputSize, fixedInputSize, maxFrameWidth,
            maxFrameHeight, maxFramePixels, "explicit configuration");
      }
      String model = "the model card of " + card.modelId() + " (" + cardSource + ")";
      if (depth != null && depth != card.depth()) {
        throw new IllegalArgumentException(DEPTH_KEY + "=" + depth + " contradicts " + model + ", which declares "
            + ModelCard.DEPTH + "=" + card.depth() + ": remove " + DEPTH_KEY + " or use a model of depth " + depth);
      }
      if (normalization != null && !normalization.equals(card.normalization())) {
        throw new IllegalArgumentException(NORMALIZATION_KEY + "=" + normalizationText + " contradicts " + model
            + ", which declares " + ModelCard.NORMALIZATION + "=" + card.normalization().format() + ": remove "
            + NORMALIZATION_KEY + " or use a model trained with that normalization");
      }
      return new TilerSettings(card.geometry(), card.normalization(), maxInputSize, fixedInputSize, maxFrameWidth,
          maxFrameHeight, maxFramePixels, "model " + card.modelId() + " (" + cardSource + ")");
    }
  }
}
