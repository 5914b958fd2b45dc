package dev.tessera.tiler.bench;

import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.records.Tile;
import dev.tessera.schemas.AvroSerde;
import dev.tessera.schemas.Pixels;
import dev.tessera.imaging.testing.TestFrames;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.tiler.tiling.FrameTiler;
import dev.tessera.tiler.tiling.FrameTiles;
import dev.tessera.tiler.tiling.TilerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Tiling speed and redundancy (issue 3): frames of 512², 2048² and 4096² pixels, UINT8 and UINT16,
 * with the tile size chosen per frame size (up to the default 1084) and with the paper's fixed
 * 572->388 tiles (stride 384). Two measurements per frame: {@code cutTiles} (validate, normalize,
 * choose the plan, cut every mirrored tile record) and {@code cutAndEncodeTiles} (also Avro-encode
 * every tile, as the stream's sink does).
 *
 * <p>Run: {@code TilingBenchmark [markdown-file]}; it prints a Markdown report, writes it to the
 * file, and writes JMH's JSON beside it (same name, {@code .json}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TilingBenchmark {

  static final String ADAPTIVE = "adaptive";
  static final String FIXED = "fixed-572";
  private static final String MEMORY_FILE = "tessera.bench.memory";
  /** Every run must fit this heap: a 4096x4096 UINT16 frame is 32 MiB, its tiles are cut one at a time. */
  private static final int HEAP_MIB = 256;
  static final String COMMAND = String.join("\n",
      "./mvnw -B -o -q -pl tiler test-compile dependency:build-classpath \\",
      "    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test",
      "java -cp tiler/target/test-classes:tiler/target/classes:$(cat tiler/target/bench.classpath) \\",
      "    dev.tessera.tiler.bench.TilingBenchmark docs/performance-tiler.md");

  @Param({"512", "2048", "4096"})
  int size;

  @Param({"UINT8", "UINT16"})
  String type;

  @Param({ADAPTIVE, FIXED})
  String sizing;

  private Frame frame;
  private FrameTiler tiler;
  private final AvroSerde<Tile> serde = AvroSerde.of(Tile.class);

  @Setup(Level.Trial)
  public void setUp() {
    frame = TestFrames.random("bench", 0, size, size, PixelType.valueOf(type), 42);
    tiler = new FrameTiler(settings(sizing));
  }

  @Benchmark
  public void cutTiles(Blackhole hole) {
    FrameTiles tiles = tiler.prepare(frame, 0, 0, Instant.EPOCH);
    for (int i = 0; i < tiles.tileCount(); i++) {
      hole.consume(tiles.tile(i));
    }
  }

  @Benchmark
  public void cutAndEncodeTiles(Blackhole hole) {
    FrameTiles tiles = tiler.prepare(frame, 0, 0, Instant.EPOCH);
    for (int i = 0; i < tiles.tileCount(); i++) {
      hole.consume(serde.serialize("tiles", tiles.tile(i)));
    }
  }

  /** Records the fork's peak RSS for the report (each parameter set runs in its own fork). */
  @TearDown(Level.Trial)
  public void recordMemory() throws IOException {
    String file = System.getProperty(MEMORY_FILE);
    if (file == null) {
      return;
    }
    String line = String.join(" ", size + "", type, sizing, Long.toString(peakRssKib()));
    Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  static TilerSettings settings(String sizing) {
    TilerSettings.Builder builder = TilerSettings.builder().depth(4);
    return (FIXED.equals(sizing) ? builder.fixedInputSize(572) : builder).build();
  }

  private static long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  public static void main(String[] args) throws Exception {
    Path markdown = Path.of(args.length > 0 ? args[0] : "target/bench/performance-tiler.md").toAbsolutePath();
    Files.createDirectories(markdown.getParent());
    Path json = markdown.resolveSibling(markdown.getFileName().toString().replaceFirst("\\.md$", "") + ".json");
    Path memory = Files.createTempFile("tiler-bench-memory", ".txt");
    String load = Files.readString(Path.of("/proc/loadavg")).strip();
    Options options = new OptionsBuilder()
        .include(TilingBenchmark.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(2)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xmx" + HEAP_MIB + "m", "-D" + MEMORY_FILE + "=" + memory)
        .addProfiler("gc")
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString())
        .build();
    Collection<RunResult> results = new Runner(options).run();
    String report = report(results, Files.readAllLines(memory), load);
    Files.writeString(markdown, report, StandardCharsets.UTF_8);
    System.out.println(report);
    System.out.println("Written " + markdown + " and " + json);
  }

  private static String report(Collection<RunResult> results, List<String> memoryLines, String loadAtStart)
      throws IOException {
    Map<String, double[]> memory = new HashMap<>();
    for (String line : memoryLines) {
      String[] p = line.split(" ");
      // Both benchmarks of a parameter set report; keep the larger peak.
      memory.merge(p[0] + " " + p[1] + " " + p[2], new double[] {Double.parseDouble(p[3])},
          (a, b) -> a[0] >= b[0] ? a : b);
    }
    Map<String, RunResult> byKey = new HashMap<>();
    for (RunResult r : results) {
      var params = r.getParams();
      String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      byKey.put(method + " " + params.getParam("size") + " " + params.getParam("type") + " "
          + params.getParam("sizing"), r);
    }
    StringBuilder md = new StringBuilder();
    md.append("## Tiler: tiling speed and redundancy\n\n");
    md.append("Measured ").append(DateTimeFormatter.ISO_LOCAL_DATE.format(Instant.now().atZone(ZoneOffset.UTC)))
        .append(" on ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, JDK ").append(System.getProperty("java.version"))
        .append(". The machine is shared with other builds: load average at the start was ").append(loadAtStart)
        .append(", so treat the speeds as indicative (short JMH runs: 1 fork, 2x1 s warm-up, 5x1 s measurement)."
            + " Every run fits a ").append(HEAP_MIB).append(" MiB heap (-Xmx").append(HEAP_MIB).append("m).\n\n");
    md.append("Command (from the repository root):\n\n```\n" + COMMAND + "\n```\n\n");
    md.append("Depth-4 U-Net (margin 92). Tiles advance by their output rounded down to a multiple of 16 (the"
        + " stride), so that tiled inference equals one pass over the frame. *Adaptive*: the input size that"
        + " computes the fewest pixels among the sizes that can tile up to 1084 (the default"
        + " `tessera.tiler.max-input-size`); *fixed 572*: the paper's 572->388 tiles, stride 384. Redundancy ="
        + " input pixels the network computes / frame pixels.\n\n");
    md.append("| frame | adaptive tile | tiles | redundancy | fixed 572 tiles | redundancy | fixed / adaptive |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (int size : new int[] {512, 2048, 4096}) {
      TilePlan a = new FrameTiler(settings(ADAPTIVE)).plan(size, size);
      TilePlan f = new FrameTiler(settings(FIXED)).plan(size, size);
      md.append(String.format(Locale.ROOT, "| %d² | %d (out %d, stride %d) | %d | %.2f | %d | %.2f | %.2f |%n",
          size, a.inputSize(), a.outputSize(), a.stride(), a.tileCount(), a.redundancy(), f.tileCount(),
          f.redundancy(), f.redundancy() / a.redundancy()));
    }
    md.append("\nSpeed per frame: `cut` = validate, percentile normalization (1, 99.8), plan and cut every mirrored"
        + " tile record; `cut+encode` = also Avro-encode each tile as the stream's sink does. MB/s = frame bytes"
        + " (10^6) per second. Allocation is per frame with encoding (JMH gc profiler); peak RSS is the"
        + " benchmark fork's (each parameter set runs in its own JVM; JMH itself included).\n\n");
    md.append("| frame | type | sizing | cut ms (±99.9%) | cut MB/s | cut+encode ms (±99.9%) | cut+encode MB/s"
        + " | alloc MB/frame | peak RSS MiB |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (int size : new int[] {512, 2048, 4096}) {
      for (String type : new String[] {"UINT8", "UINT16"}) {
        for (String sizing : new String[] {ADAPTIVE, FIXED}) {
          String key = size + " " + type + " " + sizing;
          RunResult cut = byKey.get("cutTiles " + key);
          RunResult enc = byKey.get("cutAndEncodeTiles " + key);
          if (cut == null || enc == null) {
            continue;
          }
          double mb = (double) size * size * Pixels.bytesPerPixel(PixelType.valueOf(type)) / 1e6;
          double cutMs = cut.getPrimaryResult().getScore();
          double encMs = enc.getPrimaryResult().getScore();
          double[] mem = memory.getOrDefault(key, new double[] {-1});
          md.append(String.format(Locale.ROOT,
              "| %d² | %s | %s | %.1f ± %.1f | %.0f | %.1f ± %.1f | %.0f | %.1f | %.0f |%n", size, type,
              sizing.equals(FIXED) ? "fixed 572" : sizing, cutMs, cut.getPrimaryResult().getScoreError(),
              mb / (cutMs / 1000), encMs, enc.getPrimaryResult().getScoreError(), mb / (encMs / 1000),
              allocatedBytes(enc) / 1e6, mem[0] / 1024));
        }
      }
    }
    return md.toString();
  }

  private static double allocatedBytes(RunResult result) {
    for (Map.Entry<String, Result> e : result.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return e.getValue().getScore();
      }
    }
    return Double.NaN;
  }

  private static String cpu() throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        names.add(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return names.isEmpty() ? "an unknown CPU" : names.get(0);
  }
}
