package dev.tessera.model.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.model.ModelCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tessera U-Net loaded into ONNX Runtime: the one class that owns ONNX Runtime objects (one
 * process-wide {@link OrtEnvironment}, one session per model, every tensor closed).
 *
 * <p>At load it reads the model card from the ONNX metadata (DESIGN.md section 4), checks the
 * signature (one float input {@code image} of rank 4 with one channel, one float output {@code
 * probabilities} of rank 4 with the card's class count), hashes the model bytes (SHA-256) and
 * runs the self-test before it is handed out: a model whose output on the fixed self-test input
 * differs from the stored expectation is refused; a model without a stored expectation is run and
 * its means logged.
 *
 * <p>Inputs are written into reused direct buffers wrapped once as tensors, and outputs land in
 * reused direct buffers bound as pinned outputs: creating a tensor from a Java array costs about
 * 10 ms per 572x572 tile, from a direct buffer under a microsecond (DESIGN.md section 9). One
 * buffer pair per (batch, height, width) shape is kept, the least recently used dropped, so
 * memory is bounded by the batch size. Runs are serialized by a lock: the buffers are shared.
 *
 * <p>Sessions use graph optimization ALL and turn ONNX Runtime's spinning threads off, because
 * on a small machine shared with Kafka a spinning pool steals the broker's and the consumer's
 * cores.
 */
public final class UNetModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UNetModel.class);
  private static final Pattern SHARED_LIBRARY = Pattern.compile("(lib[A-Za-z0-9_+.-]*\\.so[0-9.]*)");
  /** The provider library the CPU build of ONNX Runtime lacks. */
  private static final String CUDA_PROVIDER_LIBRARY = "libonnxruntime_providers_cuda.so";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelCard card;
  private final String sha256;
  private final String device;
  private final String deviceFallback;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Shape, Binding> bindings;
  private final int maxBindings;
  private final SelfTestResult selfTest;

  private UNetModel(OrtEnvironment env, OrtSession session, ModelCard card, String sha256, String device,
      String deviceFallback, int cachedShapes) {
    this.env = env;
    this.session = session;
    this.card = card;
    this.sha256 = sha256;
    this.device = device;
    this.deviceFallback = deviceFallback;
    this.bindings = new LinkedHashMap<>(8, 0.75f, true);
    this.maxBindings = cachedShapes;
    this.selfTest = runSelfTest();
  }

  /**
   * Loads the model file at {@code path}.
   *
   * @throws IllegalArgumentException when the file is not a Tessera model (the message names what
   *     is wrong) or its self-test fails
   * @throws IllegalStateException when {@code device=cuda} and the CUDA provider cannot be loaded
   */
  public static UNetModel load(Path path, ModelOptions options) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the model " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    return load(bytes, options, path.toString());
  }

  /** Loads a serialized ONNX model; see {@link #load(Path, ModelOptions)}. */
  public static UNetModel load(byte[] onnx, ModelOptions options) {
    return load(onnx, options, "the given bytes");
  }

  private static UNetModel load(byte[] onnx, ModelOptions options, String source) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    String sha = sha256(onnx);
    String fallback = null;
    if (options.device() != Device.CPU) {
      String cuda = "cuda:" + options.deviceId();
      try {
        return open(env, createSession(env, onnx, options, true), sha, cuda, null, options, source);
      } catch (CudaUnavailable e) {
        fallback = e.getMessage();
      } catch (OrtException e) {
        fallback = "ONNX Runtime cannot create a CUDA session on device " + options.deviceId() + " for the model from "
            + source + ": " + e.getMessage();
      } catch (SelfTestFailed e) {
        fallback = "the self-test of model " + e.modelId + " on " + cuda + " failed: " + e.getMessage();
      }
      if (options.device() == Device.CUDA) {
        throw new IllegalStateException("device=cuda: " + fallback);
      }
      LOG.warn("device=auto: running on the CPU. {}", fallback);
    }
    try {
      return open(env, createSession(env, onnx, options, false), sha, "cpu", fallback, options, source);
    } catch (CudaUnavailable e) {
      throw new IllegalStateException("unreachable: CUDA was not requested", e);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot load the model from " + source + ": " + e.getMessage(), e);
    } catch (SelfTestFailed e) {
      throw new IllegalArgumentException("Model " + e.modelId + " from " + source + " fails its self-test: "
          + e.getMessage(), e);
    }
  }

  /**
   * The model on {@code session}, once its signature is checked and its self-test passed; the
   * session is closed when either fails.
   *
   * @throws IllegalArgumentException when the session's model is not a Tessera model
   * @throws SelfTestFailed when the self-test throws or its output differs from the card's
   */
  private static UNetModel open(OrtEnvironment env, OrtSession session, String sha, String device, String fallback,
      ModelOptions options, String source) throws SelfTestFailed {
    try {
      ModelCard card = checkSignature(session, source);
      UNetModel model;
      try {
        model = new UNetModel(env, session, card, sha, device, fallback, options.cachedShapes());
      } catch (InferenceException e) {
        throw new SelfTestFailed(card.modelId(), "it threw: " + e.getMessage(), e);
      }
      LOG.info("Loaded model {} (sha256 {}) from {} on {}: depth {}, classes {}, self-test {}", card.modelId(), sha,
          source, device, card.depth(), card.classNames(), model.selfTest.describe());
      if (!model.selfTest.passed()) {
        model.close();
        throw new SelfTestFailed(card.modelId(), model.selfTest.describe(), null);
      }
      return model;
    } catch (RuntimeException | SelfTestFailed e) {
      closeQuietly(session);
      throw e;
    } catch (OrtException e) {
      closeQuietly(session);
      throw new IllegalArgumentException("ONNX Runtime cannot inspect the model from " + source + ": " + e.getMessage(), e);
    }
  }

  private static OrtSession createSession(OrtEnvironment env, byte[] onnx, ModelOptions options, boolean cuda)
      throws OrtException, CudaUnavailable {
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      so.addConfigEntry("session.intra_op.allow_spinning", "0");
      so.addConfigEntry("session.inter_op.allow_spinning", "0");
      if (cuda) {
        addCuda(so, options);
        if (options.device() == Device.CUDA) {
          // device=cuda means every node on the GPU: a node ONNX Runtime would quietly place on the CPU
          // fails the session instead (with device=auto such a placement is allowed).
          so.addConfigEntry("session.disable_cpu_ep_fallback", "1");
        }
      }
      return env.createSession(onnx, so);
    }
  }

  private static void addCuda(OrtSession.SessionOptions so, ModelOptions options) throws CudaUnavailable {
    try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(options.deviceId())) {
      cuda.add("cudnn_conv_algo_search", options.convAlgoSearch().name());
      if (options.gpuMemLimitBytes() > 0) {
        cuda.add("gpu_mem_limit", Long.toString(options.gpuMemLimitBytes()));
        // Under a limit (several workers sharing a GPU) the arena grows by what a run asks for, not by
        // doubling, so a worker does not claim memory it never uses.
        cuda.add("arena_extend_strategy", "kSameAsRequested");
      }
      so.addCUDA(cuda);
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      throw new CudaUnavailable(cudaMessage(e), e);
    }
  }

  /** The reason CUDA cannot be used, naming the library that is missing. */
  static String cudaMessage(Throwable e) {
    String detail = String.valueOf(e.getMessage());
    Matcher m = SHARED_LIBRARY.matcher(detail);
    String library = m.find() ? m.group(1) : CUDA_PROVIDER_LIBRARY;
    return "ONNX Runtime's CUDA execution provider cannot be loaded: missing or unloadable library " + library
        + " (" + detail.strip() + "). The default build ships the CPU-only ONNX Runtime, which has no "
        + CUDA_PROVIDER_LIBRARY + ": build with the Maven profile -Pcuda (onnxruntime_gpu) and put CUDA 12 "
        + "(libcublasLt.so.12) and cuDNN 9 (libcudnn.so.9) on LD_LIBRARY_PATH.";
  }

  private static ModelCard checkSignature(OrtSession session, String source) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (inputs.size() != 1 || !inputs.containsKey(ModelCard.INPUT_NAME)) {
      throw new IllegalArgumentException("Model " + source + " must have one input '" + ModelCard.INPUT_NAME
          + "', has " + inputs.keySet());
    }
    if (outputs.size() != 1 || !outputs.containsKey(ModelCard.OUTPUT_NAME)) {
      throw new IllegalArgumentException("Model " + source + " must have one output '" + ModelCard.OUTPUT_NAME
          + "', has " + outputs.keySet());
    }
    ModelCard card;
    try {
      card = ModelCard.fromMetadata(session.getMetadata().getCustomMetadata());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Model " + source + " has no valid Tessera model card: " + e.getMessage(), e);
    }
    long[] in = floatTensorShape(inputs.get(ModelCard.INPUT_NAME), source);
    long[] out = floatTensorShape(outputs.get(ModelCard.OUTPUT_NAME), source);
    if (in[1] != 1) {
      throw new IllegalArgumentException("Model " + source + " input '" + ModelCard.INPUT_NAME
          + "' must have 1 channel [N,1,H,W], has shape " + Arrays.toString(in));
    }
    if (out[1] != card.classCount() && out[1] != -1) {
      throw new IllegalArgumentException("Model " + source + " output '" + ModelCard.OUTPUT_NAME + "' has "
          + out[1] + " channels but its card declares " + card.classCount() + " classes " + card.classNames());
    }
    return card;
  }

  private static long[] floatTensorShape(NodeInfo node, String source) {
    if (!(node.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT || t.getShape().length != 4) {
      throw new IllegalArgumentException("Model " + source + " '" + node.getName()
          + "' must be a float32 tensor of rank 4, is " + node.getInfo());
    }
    return t.getShape();
  }

  public ModelCard card() {
    return card;
  }

  public String modelId() {
    return card.modelId();
  }

  /** Lower-case hex SHA-256 of the model bytes. */
  public String sha256() {
    return sha256;
  }

  public UNetGeometry geometry() {
    return card.geometry();
  }

  public int classCount() {
    return card.classCount();
  }

  /** Where the model runs: {@code cpu} or {@code cuda:<id>}. */
  public String device() {
    return device;
  }

  /** Why {@code device=auto} fell back to the CPU, if it did. */
  public Optional<String> deviceFallback() {
    return Optional.ofNullable(deviceFallback);
  }

  /** The self-test run at load (a model that failed it is never returned by {@code load}). */
  public SelfTestResult selfTest() {
    return selfTest;
  }

  /** Output side for an input side, or an {@link IllegalArgumentException} naming the valid sizes. */
  public int outputSize(int inputSize) {
    return geometry().requireOutputSize(inputSize);
  }

  /**
   * Runs one batch. {@code fill} writes {@code batch * height * width} normalized floats (batch
   * then row-major) into the reused direct input buffer (position 0, limit set); {@code read}
   * gets the output, {@code [batch, classes, height - 2m, width - 2m]}, as a read-only view of the
   * reused direct output buffer, valid only during the call.
   *
   * @throws IllegalArgumentException when the size is not a valid input
   * @throws InferenceException when ONNX Runtime fails
   */
  public <T> T run(int batch, int height, int width, Consumer<FloatBuffer> fill, Function<FloatBuffer, T> read) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch " + batch + " is not positive");
    }
    int outH = outputSize(height);
    int outW = outputSize(width);
    lock.lock();
    try {
      Binding b = binding(new Shape(batch, height, width), outH, outW);
      FloatBuffer in = b.input.duplicate();
      in.clear();
      fill.accept(in);
      try (OrtSession.Result ignored = session.run(Map.of(ModelCard.INPUT_NAME, b.inputTensor),
          Map.of(ModelCard.OUTPUT_NAME, b.outputTensor))) {
        // The output was written into b.output, which the pinned tensor wraps.
      } catch (OrtException e) {
        throw new InferenceException("Model " + modelId() + " failed on a batch of " + batch + " at " + height + "x"
            + width + " on " + device + ": " + e.getMessage(), e);
      }
      FloatBuffer out = b.output.asReadOnlyBuffer();
      out.clear();
      return read.apply(out);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Convenience run on arrays: {@code input} holds {@code batch * height * width} normalized
   * floats; returns {@code [batch, classes, height - 2m, width - 2m]} as one array.
   */
  public float[] predict(float[] input, int batch, int height, int width) {
    if (input.length != (long) batch * height * width) {
      throw new IllegalArgumentException("input holds " + input.length + " floats, a batch of " + batch + " at "
          + height + "x" + width + " needs " + (long) batch * height * width);
    }
    return run(batch, height, width, in -> in.put(input), out -> {
      float[] result = new float[out.remaining()];
      out.get(result);
      return result;
    });
  }

  /**
   * The self-test expectation of this model at {@code inputSize}: the mean of each class's output
   * on {@link ModelCard#selfTestInput(int)}. The exporter stores it in the card.
   */
  public ModelCard.SelfTest computeSelfTest(int inputSize) {
    int o = outputSize(inputSize);
    float[] out = predict(ModelCard.selfTestInput(inputSize), 1, inputSize, inputSize);
    int plane = o * o;
    double[] means = new double[classCount()];
    for (int c = 0; c < means.length; c++) {
      double sum = 0;
      for (int i = 0; i < plane; i++) {
        sum += out[c * plane + i];
      }
      means[c] = sum / plane;
    }
    return new ModelCard.SelfTest(inputSize, means);
  }

  private SelfTestResult runSelfTest() {
    ModelCard.SelfTest expected = card.selfTest();
    int size = expected.isEmpty() ? SelfTests.defaultInputSize(geometry()) : expected.inputSize();
    return SelfTestResult.of(expected, computeSelfTest(size));
  }

  private Binding binding(Shape shape, int outH, int outW) {
    Binding b = bindings.get(shape);
    if (b != null) {
      return b;
    }
    if (bindings.size() >= maxBindings) {
      Iterator<Binding> eldest = bindings.values().iterator();
      eldest.next().close();
      eldest.remove();
    }
    b = new Binding(env, shape, classCount(), outH, outW);
    bindings.put(shape, b);
    return b;
  }

  /** Closes every tensor and the session. The model cannot be used afterwards. */
  @Override
  public void close() {
    lock.lock();
    try {
      bindings.values().forEach(Binding::close);
      bindings.clear();
      closeQuietly(session);
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException | RuntimeException e) {
      LOG.warn("Closing the ONNX Runtime session failed: {}", e.getMessage());
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private record Shape(int batch, int height, int width) {}

  /** One input and one output buffer of a shape, each wrapped once as an ONNX Runtime tensor. */
  private static final class Binding {
    final FloatBuffer input;
    final FloatBuffer output;
    final OnnxTensor inputTensor;
    final OnnxTensor outputTensor;

    Binding(OrtEnvironment env, Shape s, int classes, int outH, int outW) {
      input = direct((long) s.batch * s.height * s.width);
      output = direct((long) s.batch * classes * outH * outW);
      OnnxTensor in = null;
      try {
        in = OnnxTensor.createTensor(env, input, new long[] {s.batch, 1, s.height, s.width});
        outputTensor = OnnxTensor.createTensor(env, output, new long[] {s.batch, classes, outH, outW});
        inputTensor = in;
      } catch (OrtException e) {
        if (in != null) {
          in.close();
        }
        throw new InferenceException("Cannot create tensors for a batch of " + s.batch + " at " + s.height + "x"
            + s.width + ": " + e.getMessage(), e);
      }
    }

    private static FloatBuffer direct(long floats) {
      if (floats * Float.BYTES > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("a buffer of " + floats + " floats is over 2 GiB: lower the batch size");
      }
      return ByteBuffer.allocateDirect((int) floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    void close() {
      inputTensor.close();
      outputTensor.close();
    }
  }

  /** CUDA could not be added to the session options; the message names the missing library. */
  /** A session's self-test threw or gave other outputs than the model card stores. */
  private static final class SelfTestFailed extends Exception {
    private static final long serialVersionUID = 1L;
    private final String modelId;

    SelfTestFailed(String modelId, String detail, Throwable cause) {
      super(detail, cause);
      this.modelId = modelId;
    }
  }

  private static final class CudaUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    CudaUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
