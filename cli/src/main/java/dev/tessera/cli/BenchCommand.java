package dev.tessera.cli;

import dev.tessera.cli.local.AcquisitionRun;
import dev.tessera.cli.local.Acquisitions;
import dev.tessera.cli.local.LocalPipeline;
import dev.tessera.cli.local.Summary;
import dev.tessera.model.runtime.FrameInference;
import dev.tessera.model.runtime.SelfTests;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.inference.worker.WorkerListener;
import dev.tessera.records.Frame;
import dev.tessera.records.Normalization;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.topology.StitcherSettings;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.TileSizes;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.imaging.normalize.Normalizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera bench}: a fixed acquisition of 512x512 and 2048x2048 UINT16 frames through the
 * local pipeline with a width-32 depth-4 U-Net (random He weights: speed does not depend on the
 * weights), against bare whole-frame inference of the same model with the same tiles in the same
 * run. Prints and saves JSON and Markdown.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the local pipeline against bare inference (width-32 U-Net, 512x512 and 2048x2048 frames).")
final class BenchCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;

  @Option(names = "--width", defaultValue = "32", description = "U-Net width (base filters) (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--small-frames", defaultValue = "8", description = "512x512 frames (default: ${DEFAULT-VALUE}).")
  int smallFrames;

  @Option(names = "--large-frames", defaultValue = "2", description = "2048x2048 frames (default: ${DEFAULT-VALUE}).")
  int largeFrames;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".tessera/bench",
      description = "Where bench.json and bench.md go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(out);
    UNetWeights weights = UNetWeights.random(4, width, 2, 42);
    ModelCard card = new ModelCard("bench-unet-d4-w" + width, 4, List.of("background", "cell"), 1,
        NormalizationSpec.defaults(), ModelCard.SelfTest.NONE, "random He-initialised weights (benchmark)", "", "",
        "0.1.0");
    Path model = out.resolve("bench-model.onnx");
    Files.write(model, SelfTests.embed(UNetOnnx.build(weights, card)));
    PipelineOptions pipeline = new PipelineOptions();
    pipeline.model = model;
    pipeline.device = "auto";
    pipeline.workers = 1;
    pipeline.maxInputSize = dev.tessera.tiler.tiling.TilerSettings.DEFAULT_MAX_INPUT_SIZE;

    List<String> rows = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    StringBuilder json = new StringBuilder("[\n");
    try (BrokerOptions.Kafka kafka = broker.open()) {
      Topics topics = Topics.withPrefix(broker.topicPrefix());
        LocalPipeline.Options options = new LocalPipeline.Options(kafka.settings(), topics, model,
          pipeline.modelOptions(), 1, pipeline.maxInputSize, StitcherSettings.defaults(),
          broker.dataDir().resolve("state"));
      try (LocalPipeline running = LocalPipeline.start(options, WorkerListener.NONE)) {
        for (int[] spec : new int[][] {{512, smallFrames}, {2048, largeFrames}}) {
          int side = spec[0];
          String acq = "bench-" + side + "-" + System.currentTimeMillis();
          List<Frame> frames = Acquisitions.synthetic(acq, side, side, spec[1], 3);
          // Warm the session for this tile size outside the timing (ONNX Runtime plans per shape).
          bare(running.model(), frames.subList(0, 1), pipeline.maxInputSize);
          Summary s = AcquisitionRun.run(new AcquisitionRun.Options(kafka.settings(), topics, null,
              Duration.ofMinutes(5), true), frames, running.model().modelId(), running.model().device());
          if (!s.complete()) {
            // A throughput over frames that did not all come back is not a figure: say so and stop.
            incomplete.add(String.format(Locale.ROOT, "%dx%d: %d of %d frames came back as masks, %d dead letters",
                side, side, s.masks(), s.frames(), s.deadLetters()));
          }
          double bareSeconds = bare(running.model(), frames, pipeline.maxInputSize);
          TilePlan plan = TileSizes.choose(running.model().geometry(), side, side, pipeline.maxInputSize);
          double gmacPerFrame = plan.tileCount()
              * UNetOnnx.multiplyAccumulates(weights, plan.inputSize(), plan.inputSize()) / 1e9;
          double bareFps = frames.size() / bareSeconds;
          double ratio = s.framesPerSecond() / bareFps;
          rows.add(String.format(Locale.ROOT, "| %dx%d | %d | %d x %d | %.3f | %.2f | %.1f | %.0f / %.0f | %.3f | %.2f |",
              side, side, frames.size(), plan.tileCount(), plan.inputSize(), s.framesPerSecond(),
              s.megapixelsPerSecond(), 2 * gmacPerFrame * s.framesPerSecond(), s.latencyP50Millis(),
              s.latencyP99Millis(), bareFps, ratio));
          json.append(String.format(Locale.ROOT,
              "  {\"frame\": %d, \"frames\": %d, \"tiles\": %d, \"tileInput\": %d, \"framesPerSecond\": %.4f,"
                  + " \"megapixelsPerSecond\": %.4f, \"gflopsPerSecond\": %.2f, \"latencyP50Millis\": %.1f,"
                  + " \"latencyP99Millis\": %.1f, \"bareFramesPerSecond\": %.4f, \"pipelineOverBare\": %.4f,"
                  + " \"masks\": %d},%n",
              side, frames.size(), plan.tileCount(), plan.inputSize(), s.framesPerSecond(), s.megapixelsPerSecond(),
              2 * gmacPerFrame * s.framesPerSecond(), s.latencyP50Millis(), s.latencyP99Millis(), bareFps, ratio,
              s.masks()));
        }
      }
    }
    long peakHeapMb = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    String md = String.format(Locale.ROOT, """
        ## Whole pipeline: `./tessera bench`

        Depth-4 U-Net, width %d (random weights), one inference worker, tiler and stitcher in one JVM on
        an embedded KRaft broker, %d cores, max heap %d MiB; bare = whole-frame inference of the
        same model with the same tiles in the same JVM, no Kafka. Sum of heap pool peaks: %d MiB.

        | frame | frames | tiles per frame | pipeline frames/s | MP/s | GFLOP/s | latency p50 / p99 ms | bare frames/s | pipeline / bare |
        |---|---:|---|---:|---:|---:|---:|---:|---:|
        %s
        """, width, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, peakHeapMb,
        String.join("\n", rows));
    Files.writeString(out.resolve("bench.md"), md);
    Files.writeString(out.resolve("bench.json"), json.toString().replaceAll(",\n$", "\n") + "]\n");
    System.out.println(md);
    System.out.println("Saved " + out.resolve("bench.md").toAbsolutePath() + " and bench.json");
    if (!incomplete.isEmpty()) {
      System.err.println("tessera bench: not every frame came back, so the figures above do not count: "
          + String.join("; ", incomplete));
      return Tessera.EXIT_FAILED;
    }
    return Tessera.EXIT_OK;
  }

  /** Seconds for whole-frame tiled inference of every frame, normalized as the tiler does. */
  private static double bare(UNetModel model, List<Frame> frames, int maxInput) {
    long start = System.nanoTime();
    for (Frame f : frames) {
      Normalization n = Normalizer.compute(model.card().normalization(), f.getPixels(), f.getPixelType());
      FrameInference.tiled(model, Normalizer.apply(n, f.getPixels(), f.getPixelType()), f.getWidth(), f.getHeight(),
          maxInput);
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
