package dev.tessera.imaging.model;

import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.instances.InstanceOptions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a Tessera model declares about itself, stored as ONNX {@code metadata_props} under the
 * {@code tessera.} keys below. Reading a card checks that its geometry is the one its depth
 * implies, so a corrupted or hand-edited card is refused at start-up, not discovered in a mask.
 *
 * @param modelId a human-readable id, e.g. {@code unet-d4-w16-synthetic}
 * @param depth U-Net depth (number of poolings)
 * @param classNames one name per output channel, e.g. {@code [background, cell]}
 * @param foregroundClass the channel whose probability is the "foreground probability"
 * @param normalization how frames are normalized before the network
 * @param selfTest expected per-class mean output for {@link #selfTestInput(int)}, or empty
 * @param trainingData where the training data came from (free text)
 * @param trainingConfig the training configuration (free text, usually JSON)
 * @param validationMetrics validation metrics at export (free text, usually JSON)
 * @param tesseraVersion the Tessera version that exported the model
 */
public record ModelCard(String modelId, int depth, List<String> classNames, int foregroundClass,
    NormalizationSpec normalization, SelfTest selfTest, String trainingData, String trainingConfig,
    String validationMetrics, String tesseraVersion, CellSeparation separation, double foregroundThreshold) {

  public static final String MODEL_ID = "tessera.model-id";
  public static final String DEPTH = "tessera.depth";
  public static final String MARGIN = "tessera.margin";
  public static final String INPUT_MODULUS = "tessera.input-modulus";
  public static final String INPUT_MINIMUM = "tessera.input-minimum";
  public static final String CLASSES = "tessera.classes";
  public static final String FOREGROUND_CLASS = "tessera.foreground-class";
  public static final String NORMALIZATION = "tessera.normalization";
  public static final String SELF_TEST = "tessera.self-test";
  public static final String TRAINING_DATA = "tessera.training-data";
  public static final String TRAINING_CONFIG = "tessera.training-config";
  public static final String VALIDATION_METRICS = "tessera.validation-metrics";
  public static final String VERSION = "tessera.version";
  /** How cells are separated ({@link CellSeparation#format()}); absent: connected components. */
  public static final String CELL_SEPARATION = "tessera.cell-separation";
  /**
   * The foreground probability at or above which a pixel is foreground, chosen on validation; absent:
   * the class with the largest probability ({@link #ARGMAX}).
   */
  public static final String FOREGROUND_THRESHOLD = "tessera.foreground-threshold";
  /** {@link #foregroundThreshold()} of a card without a threshold: each pixel takes its most probable class. */
  public static final double ARGMAX = Double.NaN;

  /** ONNX input name. */
  public static final String INPUT_NAME = "image";
  /** The name of the class a boundary-class model predicts on each cell's outline. */
  public static final String BOUNDARY_CLASS_NAME = "boundary";

  /** ONNX output name. */
  public static final String OUTPUT_NAME = "probabilities";

  public ModelCard {
    Objects.requireNonNull(modelId, "modelId");
    new UNetGeometry(depth);
    classNames = List.copyOf(classNames);
    if (classNames.size() < 2) {
      throw new IllegalArgumentException("a model needs at least 2 classes, got " + classNames);
    }
    if (foregroundClass < 0 || foregroundClass >= classNames.size()) {
      throw new IllegalArgumentException("foreground class " + foregroundClass + " is not one of the "
          + classNames.size() + " classes " + classNames);
    }
    Objects.requireNonNull(normalization, "normalization");
    Objects.requireNonNull(selfTest, "selfTest");
    trainingData = Objects.requireNonNullElse(trainingData, "");
    trainingConfig = Objects.requireNonNullElse(trainingConfig, "");
    validationMetrics = Objects.requireNonNullElse(validationMetrics, "");
    tesseraVersion = Objects.requireNonNullElse(tesseraVersion, "");
    separation = Objects.requireNonNullElse(separation, CellSeparation.COMPONENTS);
    if (separation.boundary()) {
      int b = classNames.indexOf(BOUNDARY_CLASS_NAME);
      if (b < 0 || b == foregroundClass) {
        throw new IllegalArgumentException("cell separation '" + separation.format() + "' needs a class named '"
            + BOUNDARY_CLASS_NAME + "' other than the foreground class; the classes are " + classNames);
      }
    }
    requireForegroundThreshold(foregroundThreshold);
  }

  /**
   * The class the cells are grown into ({@link CellSeparation#boundary()}), {@link
   * InstanceOptions#NO_CLASS} when the card's separation does not grow cells.
   */
  public int boundaryClass() {
    return separation.boundary() ? classNames.indexOf(BOUNDARY_CLASS_NAME) : InstanceOptions.NO_CLASS;
  }

  /** A card that recommends connected components and the most probable class. */
  public ModelCard(String modelId, int depth, List<String> classNames, int foregroundClass,
      NormalizationSpec normalization, SelfTest selfTest, String trainingData, String trainingConfig,
      String validationMetrics, String tesseraVersion) {
    this(modelId, depth, classNames, foregroundClass, normalization, selfTest, trainingData, trainingConfig,
        validationMetrics, tesseraVersion, CellSeparation.COMPONENTS, ARGMAX);
  }

  /**
   * Checks a foreground threshold wherever one is set (card, stitcher, assembly): a probability
   * strictly between 0 and 1, or {@link #ARGMAX}.
   *
   * @return {@code t}
   */
  public static double requireForegroundThreshold(double t) {
    if (!Double.isNaN(t) && !(t > 0 && t < 1)) {
      throw new IllegalArgumentException("foreground-threshold=" + t + " must be between 0 and 1 (exclusive)");
    }
    return t;
  }

  /** Whether the card sets a foreground threshold (else: argmax). */
  public boolean hasForegroundThreshold() {
    return !Double.isNaN(foregroundThreshold);
  }

  public UNetGeometry geometry() {
    return new UNetGeometry(depth);
  }

  public int classCount() {
    return classNames.size();
  }

  /** The metadata to write into the ONNX model. */
  public Map<String, String> toMetadata() {
    UNetGeometry g = geometry();
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MODEL_ID, modelId);
    m.put(DEPTH, Integer.toString(depth));
    m.put(MARGIN, Integer.toString(g.margin()));
    m.put(INPUT_MODULUS, Integer.toString(g.modulus()));
    m.put(INPUT_MINIMUM, Integer.toString(g.minimumInput()));
    m.put(CLASSES, String.join(",", classNames));
    m.put(FOREGROUND_CLASS, Integer.toString(foregroundClass));
    m.put(NORMALIZATION, normalization.format());
    if (!selfTest.isEmpty()) {
      m.put(SELF_TEST, selfTest.format());
    }
    m.put(TRAINING_DATA, trainingData);
    m.put(TRAINING_CONFIG, trainingConfig);
    m.put(VALIDATION_METRICS, validationMetrics);
    m.put(VERSION, tesseraVersion);
    if (!separation.equals(CellSeparation.COMPONENTS)) {
      m.put(CELL_SEPARATION, separation.format());
    }
    if (hasForegroundThreshold()) {
      m.put(FOREGROUND_THRESHOLD, Double.toString(foregroundThreshold));
    }
    return m;
  }

  /**
   * Reads a card from ONNX metadata.
   *
   * @throws IllegalArgumentException naming the missing key, or the key whose value contradicts
   *     the declared depth (both values given)
   */
  public static ModelCard fromMetadata(Map<String, String> metadata) {
    int depth = intValue(metadata, DEPTH);
    UNetGeometry g = new UNetGeometry(depth);
    checkDerived(metadata, MARGIN, g.margin(), depth);
    checkDerived(metadata, INPUT_MODULUS, g.modulus(), depth);
    checkDerived(metadata, INPUT_MINIMUM, g.minimumInput(), depth);
    List<String> classes = Arrays.stream(require(metadata, CLASSES).split(",")).map(String::strip).toList();
    String selfTest = metadata.get(SELF_TEST);
    String separation = metadata.get(CELL_SEPARATION);
    String threshold = metadata.get(FOREGROUND_THRESHOLD);
    return new ModelCard(
        require(metadata, MODEL_ID),
        depth,
        classes,
        intValue(metadata, FOREGROUND_CLASS),
        NormalizationSpec.parse(require(metadata, NORMALIZATION)),
        selfTest == null ? SelfTest.NONE : SelfTest.parse(selfTest),
        metadata.get(TRAINING_DATA),
        metadata.get(TRAINING_CONFIG),
        metadata.get(VALIDATION_METRICS),
        metadata.get(VERSION),
        separation == null ? CellSeparation.COMPONENTS : CellSeparation.parse(separation),
        threshold == null ? ARGMAX : doubleValue(metadata, FOREGROUND_THRESHOLD));
  }

  /**
   * The self-test input: a deterministic smooth pattern of {@code size x size} already normalized
   * values, {@code sin(0.05 x) * cos(0.07 y)}, the same at export and at load.
   */
  public static float[] selfTestInput(int size) {
    float[] input = new float[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        input[y * size + x] = (float) (Math.sin(0.05 * x) * Math.cos(0.07 * y));
      }
    }
    return input;
  }

  /** A copy with the given self-test expectation. */
  public ModelCard withSelfTest(SelfTest test) {
    return new ModelCard(modelId, depth, classNames, foregroundClass, normalization, test, trainingData,
        trainingConfig, validationMetrics, tesseraVersion, separation, foregroundThreshold);
  }

  /** A copy under another model id. */
  public ModelCard withModelId(String id) {
    return new ModelCard(id, depth, classNames, foregroundClass, normalization, selfTest, trainingData,
        trainingConfig, validationMetrics, tesseraVersion, separation, foregroundThreshold);
  }

  /** A copy that recommends {@code s}. */
  public ModelCard withSeparation(CellSeparation s) {
    return new ModelCard(modelId, depth, classNames, foregroundClass, normalization, selfTest, trainingData,
        trainingConfig, validationMetrics, tesseraVersion, s, foregroundThreshold);
  }

  /** A copy that recommends foreground threshold {@code t}, or {@link #ARGMAX}. */
  public ModelCard withForegroundThreshold(double t) {
    return new ModelCard(modelId, depth, classNames, foregroundClass, normalization, selfTest, trainingData,
        trainingConfig, validationMetrics, tesseraVersion, separation, t);
  }

  private static void checkDerived(Map<String, String> metadata, String key, int derived, int depth) {
    if (metadata.containsKey(key)) {
      int declared = intValue(metadata, key);
      if (declared != derived) {
        throw new IllegalArgumentException("Model metadata " + key + "=" + declared
            + " contradicts its depth " + depth + ", which gives " + derived);
      }
    }
  }

  private static String require(Map<String, String> metadata, String key) {
    String v = metadata.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("Model metadata lacks " + key + "; is this a Tessera model? Keys present: "
          + metadata.keySet());
    }
    return v;
  }

  private static double doubleValue(Map<String, String> metadata, String key) {
    String v = require(metadata, key);
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Model metadata " + key + "='" + v + "' is not a number", e);
    }
  }

  private static int intValue(Map<String, String> metadata, String key) {
    String v = require(metadata, key);
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Model metadata " + key + "='" + v + "' is not an integer", e);
    }
  }

  /**
   * The model's expected output on {@link #selfTestInput(int)}: the mean probability of each
   * class over the output, in text form {@code size=188;means=0.61,0.39}.
   *
   * @param inputSize side of the self-test input, a valid input size; 0 when there is no test
   * @param classMeans expected mean of each class's output plane
   */
  public record SelfTest(int inputSize, double[] classMeans) {
    public static final SelfTest NONE = new SelfTest(0, new double[0]);

    public boolean isEmpty() {
      return inputSize == 0;
    }

    public String format() {
      StringBuilder sb = new StringBuilder("size=").append(inputSize).append(";means=");
      for (int i = 0; i < classMeans.length; i++) {
        sb.append(i == 0 ? "" : ",").append(classMeans[i]);
      }
      return sb.toString();
    }

    public static SelfTest parse(String text) {
      try {
        String[] parts = text.split(";");
        int size = Integer.parseInt(parts[0].strip().substring("size=".length()));
        double[] means = Arrays.stream(parts[1].strip().substring("means=".length()).split(","))
            .mapToDouble(Double::parseDouble).toArray();
        return new SelfTest(size, means);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Model metadata " + SELF_TEST + "='" + text
            + "' is not of the form size=N;means=m0,m1,...", e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SelfTest s && s.inputSize == inputSize && Arrays.equals(s.classMeans, classMeans);
    }

    @Override
    public int hashCode() {
      return 31 * inputSize + Arrays.hashCode(classMeans);
    }

    @Override
    public String toString() {
      return format();
    }
  }
}
