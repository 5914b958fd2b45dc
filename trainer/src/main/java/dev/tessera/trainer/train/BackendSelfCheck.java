package dev.tessera.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.trainer.export.Checkpoints;
import dev.tessera.trainer.export.OnnxExport;
import dev.tessera.trainer.net.UNet;
import dev.tessera.trainer.net.UNetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Checks, before the first training step, that the training backend computes the configured
 * network correctly on this machine, and refuses to train when it does not.
 *
 * <p>Why: DJL's libtorch 2.7.1 bundles oneDNN 3.7.1, which miscomputes convolutions on CPUs whose
 * CPUID cache-topology leaves (0x8000001D, 4, 0xB) report no cache sizes, as AMD EPYC virtual
 * machines do: at batch 2 and more, convolutions whose input channels leave a 16-channel block
 * partly filled (17-31, 33-47, ...) come out wrong, and backward passes through convolutions with
 * output channels padded to a block give NaN. No newer libtorch is served for DJL, and the same
 * build is right on Intel. Training on such a machine would diverge ("NaN at step 2") or, worse,
 * train a subtly different network than the one exported. The check makes the fault a clear
 * refusal instead.
 *
 * <p>Two parts, both at the run's batch size (what the engine will execute; at batch 1 PyTorch
 * uses its own convolution):
 * <ol>
 *   <li>every distinct convolution of the network ({@code in -> out} channels, kernel), forward
 *       and backward (input and weight gradients of {@code sum(y * r)}), against a double-precision
 *       reference computed here, so a failure names the layer;
 *   <li>the whole network at its smallest valid input: the forward against ONNX Runtime on the
 *       exported weights (what the pipeline will run), and one backward pass whose gradients must
 *       all be finite.
 * </ol>
 */
public final class BackendSelfCheck {

  /** Relative L2 error allowed between the backend and the reference. */
  public static final double TOLERANCE = 1e-4;

  /** A convolution of the network, named by the first layer that has its shape. */
  public record ConvShape(String layer, int in, int out, int kernel, boolean bias) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s (%d -> %d channels, %dx%d)", layer, in, out, kernel, kernel);
    }
  }

  /** What a convolution backend computed for {@code y = conv(x, w) + b}, {@code loss = sum(y * r)}. */
  public record ConvOutputs(float[] y, float[] inputGradient, float[] weightGradient) {}

  /** Computes one convolution forward and backward; the engine's, or a deliberately wrong one in tests. */
  @FunctionalInterface
  public interface ConvBackend {
    ConvOutputs run(ConvShape shape, int batch, int size, float[] x, float[] w, float[] b, float[] r);
  }

  /** The measured errors of one layer. */
  public record LayerCheck(ConvShape shape, int batch, double forwardError, double inputGradientError,
      double weightGradientError) {
    public boolean passed() {
      return ok(forwardError) && ok(inputGradientError) && ok(weightGradientError);
    }

    private static boolean ok(double e) {
      return e < TOLERANCE; // NaN fails too
    }

    String describeError() {
      List<String> bad = new ArrayList<>();
      if (!ok(forwardError)) {
        bad.add(String.format(Locale.ROOT, "forward relative error %.3g", forwardError));
      }
      if (!ok(inputGradientError)) {
        bad.add(String.format(Locale.ROOT, "input-gradient relative error %.3g", inputGradientError));
      }
      if (!ok(weightGradientError)) {
        bad.add(String.format(Locale.ROOT, "weight-gradient relative error %.3g", weightGradientError));
      }
      return String.join(", ", bad) + String.format(Locale.ROOT, " (tolerance %.0e)", TOLERANCE);
    }
  }

  /** Thrown when the backend miscomputes; the message says where, by how much, and what to do. */
  public static final class BackendMiscomputationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BackendMiscomputationException(String message) {
      super(message);
    }
  }

  /** What a passed check measured, for the run's log. */
  public record Report(int layers, int batch, double worstLayerError, double networkError, double seconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "backend self-check passed: %d convolution shapes at batch %d (worst relative"
          + " error %.2g), network vs ONNX Runtime %.2g, gradients finite (%.1f s)", layers, batch, worstLayerError,
          networkError, seconds);
    }
  }

  private BackendSelfCheck() {}

  /**
   * Runs both parts of the check with the engine's convolution.
   *
   * @throws BackendMiscomputationException on any mismatch or non-finite gradient
   */
  public static Report check(UNetSpec spec, int batch) {
    return check(spec, batch, BackendSelfCheck::engineConv);
  }

  /**
   * Runs both parts of the check, the layer part with {@code backend}.
   *
   * @throws BackendMiscomputationException on any mismatch or non-finite gradient
   */
  public static Report check(UNetSpec spec, int batch, ConvBackend backend) {
    long t0 = System.nanoTime();
    double worst = 0;
    List<ConvShape> shapes = shapes(spec);
    for (ConvShape s : shapes) {
      LayerCheck c = checkLayer(s, batch, backend);
      if (!c.passed()) {
        throw new BackendMiscomputationException(layerMessage(c));
      }
      worst = Math.max(worst, Math.max(c.forwardError(), Math.max(c.inputGradientError(), c.weightGradientError())));
    }
    double network = checkNetwork(spec, batch);
    return new Report(shapes.size(), batch, worst, network, (System.nanoTime() - t0) / 1e9);
  }

  /** The first convolution of {@code spec} that the engine computes wrongly at {@code batch}, if any. */
  public static java.util.Optional<LayerCheck> firstFailingLayer(UNetSpec spec, int batch) {
    return shapes(spec).stream().map(s -> checkLayer(s, batch, BackendSelfCheck::engineConv))
        .filter(c -> !c.passed()).findFirst();
  }

  /** The distinct convolutions of a network of {@code spec}, in forward order. */
  public static List<ConvShape> shapes(UNetSpec spec) {
    Map<String, ConvShape> distinct = new LinkedHashMap<>();
    int in = 1;
    for (int level = 0; level < spec.depth(); level++) {
      int c = spec.channels(level);
      add(distinct, new ConvShape("down" + level + "_conv0", in, c, 3, true));
      add(distinct, new ConvShape("down" + level + "_conv1", c, c, 3, true));
      in = c;
    }
    int cb = spec.channels(spec.depth());
    add(distinct, new ConvShape("bottom_conv0", in, cb, 3, true));
    add(distinct, new ConvShape("bottom_conv1", cb, cb, 3, true));
    for (int level = spec.depth() - 1; level >= 0; level--) {
      int c = spec.channels(level);
      add(distinct, new ConvShape("up" + level + "_upconv", spec.channels(level + 1), 4 * c, 1, false));
      add(distinct, new ConvShape("up" + level + "_conv0", 2 * c, c, 3, true));
      add(distinct, new ConvShape("up" + level + "_conv1", c, c, 3, true));
    }
    return List.copyOf(distinct.values());
  }

  private static void add(Map<String, ConvShape> distinct, ConvShape s) {
    distinct.putIfAbsent(s.in() + ">" + s.out() + "k" + s.kernel() + (s.bias() ? "b" : ""), s);
  }

  /**
   * Checks one convolution on random data against the double-precision reference.
   *
   * @param backend the convolution under test
   */
  public static LayerCheck checkLayer(ConvShape s, int batch, ConvBackend backend) {
    int size = s.kernel() + 5;
    int o = size - s.kernel() + 1;
    SplittableRandom random = new SplittableRandom(31L * s.in() + s.out());
    float[] x = gaussian(random, batch * s.in() * size * size, 1);
    float[] w = gaussian(random, s.out() * s.in() * s.kernel() * s.kernel(), Math.sqrt(2.0 / (s.in() * s.kernel() * s.kernel())));
    float[] b = s.bias() ? gaussian(random, s.out(), 0.1) : null;
    float[] r = gaussian(random, batch * s.out() * o * o, 1);
    ConvOutputs got = backend.run(s, batch, size, x, w, b, r);
    Reference ref = reference(s, batch, size, x, w, b, r);
    return new LayerCheck(s, batch, relativeL2(got.y(), ref.y), relativeL2(got.inputGradient(), ref.gx),
        relativeL2(got.weightGradient(), ref.gw));
  }

  /** The engine's convolution, forward and backward, as the network runs it ({@link Conv2d#conv2d}). */
  public static ConvOutputs engineConv(ConvShape s, int batch, int size, float[] x, float[] w, float[] b, float[] r) {
    int o = size - s.kernel() + 1;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray xa = m.create(x, new Shape(batch, s.in(), size, size));
      NDArray wa = m.create(w, new Shape(s.out(), s.in(), s.kernel(), s.kernel()));
      NDArray ba = b == null ? null : m.create(b, new Shape(s.out()));
      NDArray ra = m.create(r, new Shape(batch, s.out(), o, o));
      xa.setRequiresGradient(true);
      wa.setRequiresGradient(true);
      float[] y;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray ya = Conv2d.conv2d(xa, wa, ba, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1)).singletonOrThrow();
        y = ya.toFloatArray();
        gc.backward(ya.mul(ra).sum());
      }
      return new ConvOutputs(y, xa.getGradient().toFloatArray(), wa.getGradient().toFloatArray());
    }
  }

  private record Reference(double[] y, double[] gx, double[] gw) {}

  private static Reference reference(ConvShape s, int batch, int size, float[] x, float[] w, float[] b, float[] r) {
    int k = s.kernel();
    int o = size - k + 1;
    int in = s.in();
    int out = s.out();
    double[] y = new double[batch * out * o * o];
    double[] gx = new double[batch * in * size * size];
    double[] gw = new double[out * in * k * k];
    // y and the weight gradient: one output channel per task
    IntStream.range(0, out).parallel().forEach(oc -> {
      for (int n = 0; n < batch; n++) {
        int yBase = (n * out + oc) * o * o;
        for (int p = 0; p < o * o; p++) {
          y[yBase + p] = b == null ? 0 : b[oc];
        }
        for (int c = 0; c < in; c++) {
          int xBase = (n * in + c) * size * size;
          for (int a = 0; a < k; a++) {
            for (int bb = 0; bb < k; bb++) {
              double wv = w[((oc * in + c) * k + a) * k + bb];
              double g = 0;
              for (int i = 0; i < o; i++) {
                for (int j = 0; j < o; j++) {
                  double xv = x[xBase + (i + a) * size + j + bb];
                  y[yBase + i * o + j] += wv * xv;
                  g += r[yBase + i * o + j] * xv;
                }
              }
              gw[((oc * in + c) * k + a) * k + bb] += g;
            }
          }
        }
      }
    });
    // the input gradient: one input channel per task
    IntStream.range(0, in).parallel().forEach(c -> {
      for (int n = 0; n < batch; n++) {
        int xBase = (n * in + c) * size * size;
        for (int oc = 0; oc < out; oc++) {
          int yBase = (n * out + oc) * o * o;
          for (int a = 0; a < k; a++) {
            for (int bb = 0; bb < k; bb++) {
              double wv = w[((oc * in + c) * k + a) * k + bb];
              for (int i = 0; i < o; i++) {
                for (int j = 0; j < o; j++) {
                  gx[xBase + (i + a) * size + j + bb] += wv * r[yBase + i * o + j];
                }
              }
            }
          }
        }
      }
    });
    return new Reference(y, gx, gw);
  }

  /**
   * The whole network at its smallest valid input: forward against ONNX Runtime on the exported
   * weights, then one backward pass whose gradients must be finite.
   *
   * @return the relative L2 error of the probabilities
   */
  static double checkNetwork(UNetSpec spec, int batch) {
    int n = spec.geometry().minimumInput();
    SplittableRandom random = new SplittableRandom(17);
    float[] input = gaussian(random, batch * n * n, 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      UNet net = Checkpoints.initialised(spec, manager);
      for (Parameter p : net.getParameters().values()) {
        if (p.getType() == Parameter.Type.BIAS) {
          p.getArray().addi(manager.randomNormal(0, 0.1f, p.getArray().getShape(), p.getArray().getDataType()));
        }
      }
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.create(input, new Shape(batch, 1, n, n));
      float[] djl = UNet.probabilities(net.forward(ps, new NDList(x), false).singletonOrThrow()).toFloatArray();
      ModelCard card = new ModelCard("self-check", spec.depth(), classNames(spec.classes()), 1,
          NormalizationSpec.defaults(), ModelCard.SelfTest.NONE, "self-check", "{}", "", TesseraVersion.get());
      double error;
      try (UNetModel model = UNetModel.load(OnnxExport.exportWithoutSelfTest(net, card), ModelOptions.cpu())) {
        error = relativeL2(model.predict(input, batch, n, n), toDouble(djl));
      }
      if (!(error < TOLERANCE)) {
        throw new BackendMiscomputationException(String.format(Locale.ROOT,
            "The training network %s at batch %d computes a different function than ONNX Runtime on the same weights:"
                + " relative error %.3g (tolerance %.0e), although each convolution passed its check. %s Nothing was"
                + " trained.", spec.id(), batch, error, TOLERANCE, backend()));
      }
      for (Parameter p : net.getParameters().values()) {
        p.getArray().setRequiresGradient(true);
      }
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray prob = UNet.probabilities(net.forward(ps, new NDList(x), true).singletonOrThrow());
        NDArray r = manager.create(gaussian(random, (int) prob.size(), 1), prob.getShape());
        gc.backward(prob.mul(r).sum());
      }
      for (Parameter p : net.getParameters().values()) {
        String bad = nonFinite(p.getArray().getGradient());
        if (bad != null) {
          throw new BackendMiscomputationException(String.format(Locale.ROOT,
              "The training backend computes a %s gradient for %s of %s at batch %d although the forward pass is"
                  + " finite: a backend miscomputation, not a diverging loss. %s Nothing was trained.", bad,
              p.getName(), spec.id(), batch, backend()));
        }
      }
      return error;
    }
  }

  /** {@code "NaN"} or {@code "infinite"} when {@code a} holds such a value, else null. */
  static String nonFinite(NDArray a) {
    if (a.isNaN().any().getBoolean()) {
      return "NaN";
    }
    return a.isInfinite().any().getBoolean() ? "infinite" : null;
  }

  private static String layerMessage(LayerCheck c) {
    return String.format(Locale.ROOT, "The training backend computes convolution %s at batch %d wrongly on this"
        + " machine: %s against a double-precision reference. %s Nothing was trained.", c.shape(), c.batch(),
        c.describeError(), backend());
  }

  /** What a person needs to know about the backend and this machine, and what to do. */
  static String backend() {
    String torch = "unknown";
    try {
      torch = Engine.getInstance().getVersion();
    } catch (RuntimeException e) {
      // the version is only for the message
    }
    return "Backend: DJL " + Engine.getDjlVersion() + ", PyTorch " + torch + " (its oneDNN does the CPU"
        + " convolutions; libtorch 2.7.1 bundles oneDNN 3.7.1) on " + cpu() + ". oneDNN 3.7.1 miscomputes"
        + " convolutions whose channel counts leave a 16-channel block partly filled, at batch 2 and more, on CPUs"
        + " whose CPUID cache-topology leaves (0x8000001D, 4, 0xB) report no cache sizes (AMD EPYC virtual"
        + " machines). Train with a --width that is a multiple of 16 (16, 32, 64: every convolution then fills"
        + " whole blocks), or with --batch 1, or on another machine.";
  }

  private static String cpu() {
    String model = "an unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the model name is only for the message
    }
    Path caches = Path.of("/sys/devices/system/cpu/cpu0/cache");
    String cacheInfo;
    try (var dirs = Files.list(caches)) {
      long levels = dirs.filter(d -> Files.exists(d.resolve("size"))).count();
      cacheInfo = levels == 0 ? "no cache sizes reported by the kernel" : levels + " cache levels reported by the kernel";
    } catch (IOException | RuntimeException e) {
      cacheInfo = "no cache sizes reported by the kernel";
    }
    return model + " (" + cacheInfo + ")";
  }

  private static List<String> classNames(int classes) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add("class" + c);
    }
    return names;
  }

  private static float[] gaussian(SplittableRandom random, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextGaussian() * std);
    }
    return v;
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  /** {@code |a - b| / |b|}; NaN when {@code a} holds NaN, infinite when lengths differ. */
  static double relativeL2(float[] a, double[] b) {
    if (a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      diff += d * d;
      norm += b[i] * b[i];
    }
    return Math.sqrt(diff / Math.max(norm, Double.MIN_NORMAL));
  }
}
