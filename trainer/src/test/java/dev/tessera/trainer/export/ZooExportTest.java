package dev.tessera.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The zoo description read back as a consumer would: its fields, its files, and its test tensors through ONNX Runtime. */
class ZooExportTest {

  @TempDir
  Path dir;

  @Test
  void describesTheModelSoThatItsTestTensorsReproduceThroughTheDeclaredPreprocessing() throws IOException {
    ModelCard card = new ModelCard("tessera-zoo-test", 2, List.of("background", "cell"), 1,
        NormalizationSpec.parse("percentile:1.0,99.8"), ModelCard.SelfTest.NONE, "synthetic", "{}", "{}", "test")
        .withSeparation(CellSeparation.watershed(2.0));
    Path onnx = Files.write(dir.resolve("model.onnx"), UNetOnnx.build(UNetWeights.random(2, 4, 2, 7), card));

    ZooExport.write(dir, onnx, "documentation.md", "CC-BY-4.0");

    Map<String, Object> rdf = new Yaml().load(Files.readString(dir.resolve(ZooExport.RDF)));
    assertThat(rdf).containsEntry("format_version", "0.5.3").containsEntry("type", "model")
        .containsEntry("name", "tessera-zoo-test").containsEntry("license", "CC-BY-4.0")
        .containsKeys("description", "authors", "cite", "timestamp");
    assertThat(list(rdf, "cite").get(0)).containsEntry("doi", ZooExport.UNET_DOI);
    assertThat(dir.resolve((String) rdf.get("documentation"))).isNotEmptyFile();
    Map<String, Object> onnxWeights = map(map(rdf, "weights"), "onnx");
    assertThat(onnxWeights).containsEntry("source", "model.onnx").containsEntry("opset_version", 17)
        .containsEntry("sha256", ZooExport.sha256(Files.readAllBytes(onnx)));

    UNetGeometry g = card.geometry();
    Map<String, Object> input = list(rdf, "inputs").get(0);
    List<Map<String, Object>> inAxes = list(input, "axes");
    assertThat(inAxes).extracting(a -> a.get("type")).containsExactly("batch", "channel", "space", "space");
    assertThat(map(inAxes.get(2), "size")).isEqualTo(Map.of("min", g.minimumInput(), "step", g.modulus()));
    Map<String, Object> output = list(rdf, "outputs").get(0);
    List<Map<String, Object>> outAxes = list(output, "axes");
    assertThat(outAxes.get(1)).containsEntry("channel_names", List.of("background", "cell"));
    assertThat(map(outAxes.get(3), "size"))
        .isEqualTo(Map.of("tensor_id", "image", "axis_id", "x", "offset", -2 * g.margin()));
    for (Map<String, Object> tensor : List.of(input, output)) {
      Map<String, Object> test = map(tensor, "test_tensor");
      assertThat(test.get("sha256")).isEqualTo(ZooExport.sha256(Files.readAllBytes(dir.resolve((String) test.get("source")))));
    }

    // What bioimageio.core does: read test_input, apply the declared preprocessing, run, compare with test_output.
    Npy in = Npy.read(dir.resolve(ZooExport.TEST_INPUT));
    Npy expected = Npy.read(dir.resolve(ZooExport.TEST_OUTPUT));
    Map<String, Object> scaleRange = list(input, "preprocessing").get(1);
    assertThat(scaleRange).containsEntry("id", "scale_range");
    Map<String, Object> kwargs = map(scaleRange, "kwargs");
    double lo = numpyPercentile(in.values, ((Number) kwargs.get("min_percentile")).doubleValue());
    double hi = numpyPercentile(in.values, ((Number) kwargs.get("max_percentile")).doubleValue());
    double eps = ((Number) kwargs.get("eps")).doubleValue();
    float[] x = new float[in.values.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((in.values[i] - lo) / (hi - lo + eps));
    }
    int side = in.shape[3];
    assertThat(expected.shape).containsExactly(1, 2, side - 2 * g.margin(), side - 2 * g.margin());
    float[] actual;
    try (UNetModel model = UNetModel.load(onnx, ModelOptions.cpu())) {
      actual = model.run(1, side, side, b -> b.put(0, x), b -> {
        float[] a = new float[expected.values.length];
        b.get(0, a);
        return a;
      });
    }
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("output element %d", i).isCloseTo(expected.values[i], within(1e-4));
    }
  }

  @Test
  void aModelNormalizedByTheTypesRangeDeclaresAScaleLinear() {
    ModelCard card = new ModelCard("m", 2, List.of("background", "cell"), 1, NormalizationSpec.parse("range"),
        ModelCard.SelfTest.NONE, "", "", "", "");
    String rdf = ZooExport.rdf(card, "model.onnx", "a", "b", "c", "README.md", "MIT");
    Map<String, Object> pre = list(list(new Yaml().<Map<String, Object>>load(rdf), "inputs").get(0), "preprocessing")
        .get(1);
    assertThat(pre).containsEntry("id", "scale_linear");
    assertThat(((Number) map(pre, "kwargs").get("gain")).doubleValue()).isEqualTo(1.0 / 65535);
  }

  /** numpy's default percentile: linear interpolation between the order statistics. */
  private static double numpyPercentile(double[] values, double q) {
    double[] s = values.clone();
    Arrays.sort(s);
    double rank = q / 100 * (s.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, s.length - 1);
    return s[below] + (rank - below) * (s[above] - s[below]);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) m.get(key);
  }

  /** A .npy file read back: its shape and its values (uint16 or float32) as doubles. */
  private record Npy(int[] shape, double[] values) {
    static Npy read(Path file) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      byte[] magic = new byte[6];
      b.get(magic);
      assertThat(magic).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y');
      b.get();
      b.get();
      int headerLength = Short.toUnsignedInt(b.getShort());
      byte[] h = new byte[headerLength];
      b.get(h);
      String header = new String(h, StandardCharsets.US_ASCII);
      assertThat((10 + headerLength) % 64).as("header aligned to 64 bytes").isZero();
      Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
      assertThat(m.find()).isTrue();
      int[] shape = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(t -> !t.isEmpty())
          .mapToInt(Integer::parseInt).toArray();
      int n = Arrays.stream(shape).reduce(1, (p, q) -> p * q);
      double[] values = new double[n];
      boolean u2 = header.contains("'<u2'");
      assertThat(u2 || header.contains("'<f4'")).isTrue();
      for (int i = 0; i < n; i++) {
        values[i] = u2 ? Short.toUnsignedInt(b.getShort()) : b.getFloat();
      }
      assertThat(b.hasRemaining()).isFalse();
      return new Npy(shape, values);
    }
  }
}
