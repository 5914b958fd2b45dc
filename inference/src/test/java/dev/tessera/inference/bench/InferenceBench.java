package dev.tessera.inference.bench;

import dev.tessera.inference.TestTiles;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.inference.worker.InferenceWorker;
import dev.tessera.inference.worker.TileScorer;
import dev.tessera.inference.worker.WorkerConfig;
import dev.tessera.inference.worker.WorkerListener;
import dev.tessera.records.Tile;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The inference benchmark (issue 5, DESIGN.md section 9): for the depth-4 U-Net at widths 16, 32
 * and 64 on 572x572 tiles and batch sizes 1, 2 and 4, the bare ONNX Runtime session's tiles/s,
 * output megapixels/s and GFLOP/s (2 x the multiply-accumulates of {@link
 * UNetOnnx#multiplyAccumulates}); then, at width 32, one worker's throughput through an in-JVM
 * broker divided by the bare session's on the same tiles. Prints a table and writes {@code
 * inference-bench.json} and {@code inference-bench.md}.
 *
 * <pre>
 * ./mvnw -pl inference test-compile exec:java -Dexec.args="--out target/bench"
 * </pre>
 *
 * Options: {@code --out DIR}, {@code --widths 16,32,64}, {@code --batches 1,2,4}, {@code
 * --seconds S} (least measuring time per row), {@code --worker-frames F} (776x776 frames of four
 * 572 tiles each through the worker), {@code --threads T} (ONNX Runtime intra-op threads, 0 = one
 * per core).
 */
public final class InferenceBench {

  private static final int DEPTH = 4;
  private static final int TILE = 572;

  private InferenceBench() {}

  record Row(int width, int batch, int runs, double seconds, double tilesPerSecond, double outputMpPerSecond,
      double gflopPerSecond, double gmacPerTile) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    Path out = Path.of(opts.getOrDefault("out", "target/bench"));
    int[] widths = ints(opts.getOrDefault("widths", "16,32,64"));
    int[] batches = ints(opts.getOrDefault("batches", "1,2,4"));
    double minSeconds = Double.parseDouble(opts.getOrDefault("seconds", "6"));
    int workerFrames = Integer.parseInt(opts.getOrDefault("worker-frames", "6"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "0"));
    ModelOptions options = ModelOptions.cpu().withIntraOpThreads(threads);
    Instant started = Instant.now();

    List<Row> rows = new ArrayList<>();
    for (int width : widths) {
      UNetWeights weights = UNetWeights.random(DEPTH, width, 2, 2015);
      double gmac = UNetOnnx.multiplyAccumulates(weights, TILE, TILE) / 1e9;
      try (UNetModel model = UNetModel.load(UNetOnnx.build(weights, card(width)), options)) {
        for (int batch : batches) {
          Row row = bare(model, width, batch, gmac, minSeconds);
          rows.add(row);
          System.out.printf(Locale.ROOT, "width %2d batch %d: %.3f tiles/s, %.3f output MP/s, %.1f GFLOP/s (%d runs)%n",
              width, batch, row.tilesPerSecond(), row.outputMpPerSecond(), row.gflopPerSecond(), row.runs());
        }
      }
    }

    Map<String, Object> worker = workerVsBare(32, workerFrames, options, minSeconds);
    System.out.printf(Locale.ROOT, "worker through Kafka / bare session at width 32: %.3f%n", worker.get("ratio"));

    Map<String, Object> memory = memory();
    Files.createDirectories(out);
    Files.writeString(out.resolve("inference-bench.json"), json(started, rows, worker, memory, threads));
    Files.writeString(out.resolve("inference-bench.md"), markdown(started, rows, worker, memory, threads));
    System.out.println("Wrote " + out.resolve("inference-bench.json") + " and " + out.resolve("inference-bench.md"));
  }

  private static ModelCard card(int width) {
    return new ModelCard("bench-d4-w" + width, DEPTH, List.of("background", "cell"), 1, NormalizationSpec.defaults(),
        ModelCard.SelfTest.NONE, "random He initialisation", "{}", "{}", "bench");
  }

  /** The bare session: one reused direct buffer, filled once per run from an array, as the worker fills it. */
  private static Row bare(UNetModel model, int width, int batch, double gmac, double minSeconds) {
    float[] input = random(batch * TILE * TILE);
    int o = model.outputSize(TILE);
    model.run(batch, TILE, TILE, in -> in.put(input), outBuf -> null);
    int runs = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      model.run(batch, TILE, TILE, in -> in.put(input), outBuf -> null);
      runs++;
      elapsed = System.nanoTime() - start;
    } while (runs < 2 || elapsed < minSeconds * 1e9);
    double seconds = elapsed / 1e9;
    double tilesPerSecond = runs * batch / seconds;
    return new Row(width, batch, runs, seconds, tilesPerSecond, tilesPerSecond * o * o / 1e6,
        tilesPerSecond * 2 * gmac, gmac);
  }

  /**
   * One worker (default batching: up to 4 tiles, 20 ms linger) scoring tiles produced to an
   * in-JVM broker, from the first send to the last commit, against {@link TileScorer} on the same
   * tiles in batches of the same size, in the same JVM, measured before and after the worker.
   */
  private static Map<String, Object> workerVsBare(int width, int frames, ModelOptions options, double minSeconds)
      throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    UNetWeights weights = UNetWeights.random(DEPTH, width, 2, 2015);
    try (UNetModel model = UNetModel.load(UNetOnnx.build(weights, card(width)), options);
        EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      List<Tile> tiles = new ArrayList<>();
      for (int f = 0; f < frames; f++) {
        tiles.addAll(TestTiles.tilesOf("bench", f, 776, 776, model.geometry(), TILE, f));
      }
      Topics topics = Topics.withPrefix("bench.");
      kafka.createTopic(topics.tiles().name(), 6, Map.of());
      kafka.createTopic(topics.tileMasks().name(), 3, Map.of());
      kafka.createTopic(topics.deadLetters().name(), 1, Map.of());
      WorkerConfig config = WorkerConfig.of(KafkaSettings.plaintext(kafka.bootstrapServers()), "bench-worker").withTopics(topics);

      // Bare: the same tiles through the same pre- and post-processing, no Kafka. Every batch
      // shape the worker may use is run once first: a new shape's first run is slower.
      TileScorer scorer = new TileScorer(model);
      int maxBatch = config.maxBatchOn(model.device());
      for (int b = 1; b <= maxBatch; b++) {
        scorer.score(tiles.subList(0, Math.min(b, tiles.size())));
      }
      double bareBefore = bareSeconds(scorer, tiles, maxBatch);

      try (InferenceWorker worker = new InferenceWorker(config, model, WorkerListener.NONE);
          KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientProperties(),
              new StringSerializer(), new ByteArraySerializer())) {
        worker.start();
        while (worker.status().assignedPartitions() < 6) {
          Thread.sleep(20);
        }
        long start = System.nanoTime();
        for (Tile t : tiles) {
          producer.send(new ProducerRecord<>(topics.tiles().name(),
              Topics.tileKey(t.getAcquisitionId(), t.getFrameIndex(), t.getTileIndex()),
              topics.tiles().valueSerde().serializer().serialize(topics.tiles().name(), t)));
        }
        producer.flush();
        while (worker.status().tilesScored() < tiles.size()) {
          Thread.sleep(5);
        }
        double workerSeconds = (System.nanoTime() - start) / 1e9;
        // Measured again after the worker, so drift in the machine's load hits both sides alike.
        double bareSeconds = (bareBefore + bareSeconds(scorer, tiles, maxBatch)) / 2;
        result.put("width", width);
        result.put("tiles", tiles.size());
        result.put("maxBatch", maxBatch);
        result.put("bareTilesPerSecond", tiles.size() / bareSeconds);
        result.put("workerTilesPerSecond", tiles.size() / workerSeconds);
        result.put("ratio", bareSeconds / workerSeconds);
        result.put("transactions", worker.status().committedTransactions());
      }
    }
    return result;
  }

  private static double bareSeconds(TileScorer scorer, List<Tile> tiles, int batch) {
    long start = System.nanoTime();
    for (int i = 0; i < tiles.size(); i += batch) {
      scorer.score(tiles.subList(i, Math.min(i + batch, tiles.size())));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Map<String, Object> memory() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    long heapPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPeak += pool.getPeakUsage().getUsed();
      }
    }
    m.put("heapPeakMiB", heapPeak / (1024 * 1024));
    m.put("heapMaxMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    Path status = Path.of("/proc/self/status");
    if (Files.exists(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          m.put("peakRssMiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    }
    m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    return m;
  }

  private static String json(Instant started, List<Row> rows, Map<String, Object> worker, Map<String, Object> memory,
      int threads) {
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"started\": \"").append(started).append("\",\n");
    sb.append("  \"depth\": ").append(DEPTH).append(",\n  \"tile\": ").append(TILE).append(",\n");
    sb.append("  \"intraOpThreads\": ").append(threads).append(",\n  \"rows\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(String.format(Locale.ROOT, "    {\"width\": %d, \"batch\": %d, \"runs\": %d, \"seconds\": %.3f, "
              + "\"tilesPerSecond\": %.4f, \"outputMegapixelsPerSecond\": %.4f, \"gflopPerSecond\": %.2f, "
              + "\"gmacPerTile\": %.3f}%s%n", r.width(), r.batch(), r.runs(), r.seconds(), r.tilesPerSecond(),
          r.outputMpPerSecond(), r.gflopPerSecond(), r.gmacPerTile(), i + 1 < rows.size() ? "," : ""));
    }
    sb.append("  ],\n  \"worker\": ").append(object(worker)).append(",\n");
    sb.append("  \"memory\": ").append(object(memory)).append("\n}\n");
    return sb.toString();
  }

  private static String object(Map<String, Object> m) {
    StringBuilder sb = new StringBuilder("{");
    m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
        .append(v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v));
    return sb.append('}').toString();
  }

  private static String markdown(Instant started, List<Row> rows, Map<String, Object> worker,
      Map<String, Object> memory, int threads) {
    StringBuilder sb = new StringBuilder();
    sb.append("Inference benchmark, ").append(started).append(": depth-4 U-Net, ").append(TILE).append("x").append(TILE)
        .append(" tiles, ONNX Runtime CPU, intra-op threads ").append(threads == 0 ? "one per core" : threads)
        .append(", ").append(memory.get("availableProcessors")).append(" processors.\n\n");
    sb.append("| width | batch | GMAC/tile | tiles/s | output MP/s | GFLOP/s |\n|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.3f | %.3f | %.1f |%n", r.width(), r.batch(),
          r.gmacPerTile(), r.tilesPerSecond(), r.outputMpPerSecond(), r.gflopPerSecond()));
    }
    sb.append(String.format(Locale.ROOT, "%nWorker through the in-JVM broker at width %s, %s tiles, max batch %s: "
            + "%.3f tiles/s vs bare session %.3f tiles/s, ratio **%.3f**.%n", worker.get("width"), worker.get("tiles"),
        worker.get("maxBatch"), worker.get("workerTilesPerSecond"), worker.get("bareTilesPerSecond"),
        worker.get("ratio")));
    sb.append(String.format(Locale.ROOT, "%nMemory: peak heap %s MiB of %s MiB, peak RSS %s MiB.%n",
        memory.get("heapPeakMiB"), memory.get("heapMaxMiB"), memory.get("peakRssMiB")));
    return sb.toString();
  }

  private static float[] random(int n) {
    Random r = new Random(1);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextFloat();
    }
    return a;
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Usage: InferenceBench [--out DIR] [--widths 16,32,64] [--batches 1,2,4] "
            + "[--seconds S] [--worker-frames F] [--threads T]; got " + String.join(" ", args));
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}
