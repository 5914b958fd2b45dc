package dev.tessera.model.testing;

import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import java.util.ArrayList;
import java.util.List;

/** Small U-Nets generated in code, as ONNX Runtime's own Java tests do, instead of committed binaries. */
public final class TestModels {

  private TestModels() {}

  /** A card for a test model without a stored self-test. */
  public static ModelCard card(int depth, int classes) {
    List<String> names = new ArrayList<>();
    names.add("background");
    for (int c = 1; c < classes; c++) {
      names.add(c == 1 ? "cell" : "class" + c);
    }
    return new ModelCard("test-d" + depth + "-c" + classes, depth, names, 1, new NormalizationSpec.Range(),
        ModelCard.SelfTest.NONE, "generated in a test", "{}", "{}", "test");
  }

  /** The ONNX bytes of a random He-initialised U-Net. */
  public static byte[] onnx(int depth, int width, int classes, long seed) {
    return UNetOnnx.build(UNetWeights.random(depth, width, classes, seed), card(depth, classes));
  }

  /** A random U-Net loaded on the CPU with one thread (tests run beside other builds). */
  public static UNetModel load(int depth, int width, int classes, long seed) {
    return UNetModel.load(onnx(depth, width, classes, seed), ModelOptions.cpu().withIntraOpThreads(1));
  }

  /** Deterministic pseudo-random floats in [-1, 1). */
  public static float[] randomFloats(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextFloat() * 2 - 1;
    }
    return a;
  }
}
