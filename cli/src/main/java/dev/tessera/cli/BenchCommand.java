package dev.tessera.cli;

import dev.tessera.cli.bench.ArrivalRate;
import dev.tessera.cli.bench.BenchRun;
import dev.tessera.cli.bench.BenchRun.SizeResult;
import dev.tessera.cli.bench.FmaPeak;
import dev.tessera.cli.bench.HeapMeter;
import dev.tessera.cli.bench.WorkerTimes;
import dev.tessera.cli.local.LocalPipeline;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.model.runtime.SelfTests;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.topology.StitcherSettings;
import dev.tessera.tiler.tiling.TilerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera bench}: 512x512 and 2048x2048 UINT16 frames through the local pipeline with a
 * depth-4 U-Net (random He weights: speed does not depend on the weights), against bare
 * whole-frame inference of the same model with the same tiles in the same run, both warmed up
 * first. Throughput in the steady state of a full pipeline, latency at a fixed arrival rate, the
 * median time of each hop between stages, how the workers spent their time, CPU utilisation and
 * the machine's FMA peak. Prints and saves JSON and Markdown.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the local pipeline against bare inference: steady-state throughput, latency at a fixed"
        + " arrival rate, time per stage, CPU utilisation, the machine's FMA peak.")
final class BenchCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;

  @Option(names = "--width", defaultValue = "32", description = "U-Net width (base filters) (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--small-frames", defaultValue = "30", description = "Measured 512x512 frames per mode (default: ${DEFAULT-VALUE}).")
  int smallFrames;

  @Option(names = "--large-frames", defaultValue = "30", description = "Measured 2048x2048 frames per mode (default: ${DEFAULT-VALUE}).")
  int largeFrames;

  @Option(names = "--workers", defaultValue = "1",
      description = "Inference workers in the pipeline (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--intra-op-threads", defaultValue = "0",
      description = "ONNX Runtime threads of each worker, 0 = one per core (default: ${DEFAULT-VALUE}). Bare inference"
          + " always uses one per core.")
  int intraOpThreads;

  @Option(names = "--tta", paramLabel = "none|flip8", defaultValue = "none",
      description = "Test-time augmentation in the workers and in bare inference alike: flip8 = 8 model runs per tile"
          + " (default: ${DEFAULT-VALUE}).")
  String tta;

  @Option(names = "--warmup", defaultValue = "8",
      description = "Frames per size through the pipeline and bare inference before anything is timed (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--rate", defaultValue = "0.8x", paramLabel = "FRAMES_PER_S",
      description = "Arrival rate of the latency mode: frames per second (1.5), a fraction of the bare throughput"
          + " measured in the same run (0.8x), or none (default: ${DEFAULT-VALUE}).")
  String rate;

  @Option(names = "--fma-peak", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Measure the machine's FMA peak first, in a child JVM (default: ${DEFAULT-VALUE}).")
  boolean fmaPeak;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".tessera/bench",
      description = "Where bench.json and bench.md go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Optional<ArrivalRate> arrival = ArrivalRate.parse(rate);
    if (smallFrames < 0 || largeFrames < 0 || warmup < 0 || smallFrames + largeFrames == 0) {
      throw new IllegalArgumentException("--small-frames, --large-frames and --warmup must not be negative, and"
          + " at least one size needs frames");
    }
    Files.createDirectories(out);
    int cores = Runtime.getRuntime().availableProcessors();
    FmaPeak.Result peak = null;
    if (fmaPeak) {
      System.err.println("tessera bench: measuring the FMA peak on " + cores + " threads...");
      peak = FmaPeak.measure(cores);
      System.err.println("tessera bench: FMA peak " + peak.describe());
    }
    UNetWeights weights = UNetWeights.random(4, width, 2, 42);
    ModelCard card = new ModelCard("bench-unet-d4-w" + width, 4, List.of("background", "cell"), 1,
        NormalizationSpec.defaults(), ModelCard.SelfTest.NONE, "random He-initialised weights (benchmark)", "", "",
        "0.1.0");
    Path model = out.resolve("bench-model.onnx");
    Files.write(model, SelfTests.embed(UNetOnnx.build(weights, card)));
    PipelineOptions pipeline = new PipelineOptions();
    pipeline.model = model;
    pipeline.device = "auto";
    pipeline.workers = workers;
    pipeline.maxInputSize = TilerSettings.DEFAULT_MAX_INPUT_SIZE;
    pipeline.tta = tta;

    BenchRun.Setup setup = new BenchRun.Setup(weights, pipeline.maxInputSize, warmup, arrival.orElse(null), peak,
        workers, intraOpThreads, pipeline.tta());
    List<SizeResult> results = new ArrayList<>();
    double loadAverage = BenchRun.loadAverage();
    long liveHeapMiB;
    try (HeapMeter heap = new HeapMeter(); BrokerOptions.Kafka kafka = broker.open()) {
      Topics topics = Topics.withPrefix(broker.topicPrefix());
      LocalPipeline.Options options = new LocalPipeline.Options(kafka.settings(), topics, model,
          pipeline.modelOptions().withIntraOpThreads(intraOpThreads), workers, pipeline.maxInputSize,
          StitcherSettings.defaults(), broker.dataDir().resolve("state"), pipeline.tta(), Optional.empty());
      WorkerTimes worker = new WorkerTimes();
      // Bare inference has its own session with one thread per core, whatever the workers use.
      try (LocalPipeline running = LocalPipeline.start(options, worker);
          UNetModel bare = UNetModel.load(model, pipeline.modelOptions())) {
        BenchRun run = new BenchRun(setup, kafka.settings(), topics, bare, worker);
        for (int[] size : new int[][] {{512, smallFrames}, {2048, largeFrames}}) {
          if (size[1] > 0) {
            results.add(run.measure(size[0], size[1]));
          }
        }
      }
      liveHeapMiB = heap.maxLiveMiB();
    }
    BenchRun.Report report = new BenchRun.Report(setup, results, loadAverage, liveHeapMiB);
    Files.writeString(out.resolve("bench.md"), report.toMarkdown());
    Files.writeString(out.resolve("bench.json"), report.toJson());
    System.out.println(report.toMarkdown());
    System.out.println("Saved " + out.resolve("bench.md").toAbsolutePath() + " and bench.json");
    List<String> incomplete = report.incomplete();
    if (!incomplete.isEmpty()) {
      System.err.println("tessera bench: not every frame came back, so the figures above do not count: "
          + String.join("; ", incomplete));
      return Tessera.EXIT_FAILED;
    }
    return Tessera.EXIT_OK;
  }
}
