package dev.tessera.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.trainer.export.Checkpoints;
import dev.tessera.trainer.export.OnnxExport;
import dev.tessera.trainer.net.UNet;
import dev.tessera.trainer.net.UNetSpec;
import dev.tessera.trainer.train.ModelCards;
import dev.tessera.trainer.train.TesseraVersion;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ONNX Runtime (the inference module's {@link UNetModel}) against DJL on PyTorch, on the same
 * weights: the trainer's network exported by {@link OnnxExport}, forward passes on 572x572 tiles
 * (or any valid size) for several widths and batch sizes. Prints and saves tiles/s, GFLOP/s
 * (2 FLOP per multiply-accumulate of {@link UNetOnnx#multiplyAccumulates}) and the ONNX Runtime / DJL ratio,
 * plus the process's peak RSS and heap. A benchmark, not a test: nothing here asserts a speed.
 */
@Command(name = "benchmark-backends", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Forward-pass speed of ONNX Runtime vs DJL-PyTorch on the same U-Net weights; writes Markdown and"
        + " JSON.")
public final class BackendBenchmark implements Callable<Integer> {

  @Option(names = "--widths", split = ",", defaultValue = "16,32,64", description = "widths; default ${DEFAULT-VALUE}")
  List<Integer> widths;

  @Option(names = "--batches", split = ",", defaultValue = "1,2,4", description = "batch sizes; default ${DEFAULT-VALUE}")
  List<Integer> batches;

  @Option(names = "--tile", defaultValue = "572", description = "tile side; default ${DEFAULT-VALUE}")
  int tile;

  @Option(names = "--depth", defaultValue = "4", description = "U-Net depth; default ${DEFAULT-VALUE}")
  int depth;

  @Option(names = "--repeats", defaultValue = "3", description = "timed runs per case after one warm-up; default ${DEFAULT-VALUE}")
  int repeats;

  @Option(names = "--out", defaultValue = "docs/performance-trainer.md", paramLabel = "FILE",
      description = "Markdown report (JSON beside it); default ${DEFAULT-VALUE}")
  Path out;

  /** One measured case. */
  record Case(int width, int batch, double ortSeconds, double djlSeconds, double gmacPerTile) {
    double ortTilesPerSecond() {
      return batch / ortSeconds;
    }

    double djlTilesPerSecond() {
      return batch / djlSeconds;
    }

    double ortGflops() {
      return 2 * gmacPerTile * ortTilesPerSecond();
    }

    double djlGflops() {
      return 2 * gmacPerTile * djlTilesPerSecond();
    }
  }

  @Override
  public Integer call() throws IOException {
    String loadBefore = loadAverage();
    List<Case> cases = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%-6s %-6s %12s %12s %12s %12s %8s%n", "width", "batch", "ORT tiles/s",
        "DJL tiles/s", "ORT GFLOP/s", "DJL GFLOP/s", "ORT/DJL");
    for (int width : widths) {
      UNetSpec spec = new UNetSpec(depth, width, 2, 0.5f);
      Engine.getInstance().setRandomSeed(width);
      try (NDManager manager = NDManager.newBaseManager()) {
        UNet net = Checkpoints.initialised(spec, manager);
        double gmac = UNetOnnx.multiplyAccumulates(OnnxExport.weights(net), tile, tile) / 1e9;
        ModelCard card = new ModelCard("bench-" + spec.id(), depth, ModelCards.CLASSES, 1, NormalizationSpec.defaults(),
            ModelCard.SelfTest.NONE, "random He initialisation", "{}", "", TesseraVersion.get());
        try (UNetModel ort = UNetModel.load(OnnxExport.exportWithoutSelfTest(net, card), ModelOptions.cpu())) {
          ParameterStore ps = new ParameterStore(manager, false);
          for (int batch : batches) {
            float[] input = new float[batch * tile * tile];
            SplittableRandom random = new SplittableRandom(batch);
            for (int i = 0; i < input.length; i++) {
              input[i] = (float) random.nextGaussian();
            }
            double ortSeconds = time(() -> ort.run(batch, tile, tile, in -> in.put(input), o -> o.get(0)));
            double djlSeconds = time(() -> {
              try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(input, new Shape(batch, 1, tile, tile));
                NDArray p = UNet.probabilities(net.forward(ps, new NDList(x), false).singletonOrThrow());
                return p.toFloatArray()[0];
              }
            });
            Case c = new Case(width, batch, ortSeconds, djlSeconds, gmac);
            cases.add(c);
            System.out.printf(Locale.ROOT, "%-6d %-6d %12.3f %12.3f %12.1f %12.1f %8.2f%n", width, batch,
                c.ortTilesPerSecond(), c.djlTilesPerSecond(), c.ortGflops(), c.djlGflops(),
                c.ortTilesPerSecond() / c.djlTilesPerSecond());
          }
        }
      }
    }
    write(cases, loadBefore, loadAverage());
    return 0;
  }

  /** Mean seconds of {@link #repeats} runs after one warm-up. */
  private double time(Callable<Object> run) {
    try {
      run.call();
      long t0 = System.nanoTime();
      for (int i = 0; i < repeats; i++) {
        run.call();
      }
      return (System.nanoTime() - t0) / 1e9 / repeats;
    } catch (Exception e) {
      throw new IllegalStateException("benchmark run failed: " + e.getMessage(), e);
    }
  }

  private void write(List<Case> cases, String loadBefore, String loadAfter) throws IOException {
    long peakRssKb = peakRssKb();
    long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
    int cpus = Runtime.getRuntime().availableProcessors();
    StringBuilder md = new StringBuilder();
    md.append("# Trainer benchmark: ONNX Runtime vs DJL-PyTorch on the same weights\n\n");
    md.append(String.format(Locale.ROOT, "Measured %s on %d CPU(s) (%s), depth-%d U-Net, %dx%d tiles, forward pass"
        + " with softmax, mean of %d runs after one warm-up. GFLOP/s = 2 x multiply-accumulates per tile x tiles/s"
        + " (width 64: 150.4 GMAC per 572x572 tile). Peak RSS of the benchmark process %d MiB, heap committed %d MiB."
        + " Load average (1 min) %s before, %s after: the machine is shared, compare the ratios of one run.%n%n",
        Instant.now().toString().substring(0, 16) + "Z", cpus, System.getProperty("os.arch"), depth, tile, tile,
        repeats, peakRssKb >> 10, heapMb, loadBefore, loadAfter));
    md.append("| width | batch | GMAC/tile | ORT tiles/s | DJL tiles/s | ORT GFLOP/s | DJL GFLOP/s | ORT / DJL |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    StringBuilder json = new StringBuilder("{\"tile\":" + tile + ",\"depth\":" + depth + ",\"repeats\":" + repeats
        + ",\"cpus\":" + cpus + ",\"peak_rss_mib\":" + (peakRssKb >> 10) + ",\"cases\":[");
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      md.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.3f | %.3f | %.1f | %.1f | %.2f |%n", c.width(),
          c.batch(), c.gmacPerTile(), c.ortTilesPerSecond(), c.djlTilesPerSecond(), c.ortGflops(), c.djlGflops(),
          c.ortTilesPerSecond() / c.djlTilesPerSecond()));
      json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"width\":%d,\"batch\":%d,\"gmac_per_tile\":%.3f,\"ort_tiles_per_s\":%.4f,\"djl_tiles_per_s\":%.4f,"
              + "\"ort_gflops\":%.2f,\"djl_gflops\":%.2f}", c.width(), c.batch(), c.gmacPerTile(),
          c.ortTilesPerSecond(), c.djlTilesPerSecond(), c.ortGflops(), c.djlGflops()));
    }
    json.append("],\"load_before\":\"").append(loadBefore).append("\",\"load_after\":\"").append(loadAfter)
        .append("\"}\n");
    md.append("\nReproduce (from the repository root, after `./mvnw -B -o -pl trainer install -DskipTests`):\n\n```\n")
        .append("export CLASSPATH=\"$(cat trainer/target/classpath.txt):trainer/target/classes\"\n")
        .append("java -Dai.djl.offline=true dev.tessera.trainer.cli.TrainerMain benchmark-backends")
        .append(" --widths ").append(join(widths)).append(" --batches ").append(join(batches))
        .append(" --tile ").append(tile).append(" --repeats ").append(repeats).append(" --out ").append(out)
        .append("\n```\n");
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(out, md.toString());
    Path jsonFile = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.md$", "") + ".json");
    Files.writeString(jsonFile, json.toString());
    System.out.println("written " + out + " and " + jsonFile);
  }

  private static String join(List<Integer> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  /** The 1-minute load average, or "n/a". */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** VmHWM of /proc/self/status in KiB, or 0 where there is no such file. */
  static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BackendBenchmark()).execute(args));
  }
}
