package dev.tessera.cli;

import dev.tessera.cli.local.AcquisitionRun;
import dev.tessera.cli.local.Acquisitions;
import dev.tessera.cli.local.FrameSource;
import dev.tessera.cli.local.LocalPipeline;
import dev.tessera.cli.local.Summary;
import dev.tessera.imaging.model.ModelCards;
import dev.tessera.schemas.Topics;
import dev.tessera.tracker.topology.TrackerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera demo} and {@code tessera run}: stream an acquisition through the whole pipeline
 * (tiler, inference workers, stitcher) on an embedded broker or a given cluster, and write the
 * masks, overlays, object tables and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Stream an acquisition through the whole pipeline and show the result.",
        "Without --input: a synthetic time lapse of cells that drift and divide."})
class DemoCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;
  @Mixin PipelineOptions pipeline;

  @Option(names = "--input", paramLabel = "FILE|DIR", description = "TIFF/PNG file or folder instead of synthetic frames.")
  Path input;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: .tessera/runs/<acquisition>).")
  Path out;

  @Option(names = "--acquisition", paramLabel = "ID", description = "Acquisition id (default: demo-<date-time>).")
  String acquisition;

  @Option(names = "--frames", paramLabel = "N", defaultValue = "12", description = "Synthetic frames (default: ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "512", description = "Synthetic frame side (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--seed", defaultValue = "7", description = "Synthetic data seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--track", description = "Also link the cells into tracks (divisions included) and write them in the"
      + " Cell Tracking Challenge format into <out>/ctc: maskNNN.tif with track ids and res_track.txt.")
  boolean track;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "Give up when no result arrives for this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    String acq = acquisition != null ? acquisition
        : prefix() + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    FrameSource acquisitionFrames = frames(acq);
    Path outDir = out != null ? out : broker.dataDir().resolve("runs").resolve(acq);
    System.out.println("Tessera: " + acquisitionFrames.size() + " frames of " + acq + " -> " + outDir.toAbsolutePath());
    try (BrokerOptions.Kafka kafka = broker.open()) {
      return segment(broker, pipeline, kafka, acquisitionFrames, outDir, Duration.ofSeconds(timeoutSeconds), track);
    }
  }

  /**
   * Streams {@code frames} through the local pipeline (tiler, workers, stitcher, with {@code track}
   * the tracker, in this JVM) on
   * {@code kafka}, writes masks, overlays and object tables into {@code outDir} and prints the
   * summary; the exit code says whether every frame came back.
   */
  static int segment(BrokerOptions broker, PipelineOptions pipeline, BrokerOptions.Kafka kafka, FrameSource frames,
      Path outDir, Duration idle, boolean track) {
    Topics topics = Topics.withPrefix(broker.topicPrefix());
    System.out.println((kafka.isEmbedded() ? "Embedded Kafka broker (KRaft) at " : "Kafka at ") + kafka.bootstrapServers());
    LocalPipeline.Options options = new LocalPipeline.Options(kafka.settings(), topics, pipeline.model(),
        pipeline.modelOptions(), pipeline.workers, pipeline.maxInputSize,
        pipeline.stitcher(ModelCards.read(pipeline.model())),
        broker.dataDir().resolve("state"), pipeline.tta(),
        track ? Optional.of(TrackerSettings.defaults().withLimits(kafka.settings().limits())) : Optional.empty());
    try (LocalPipeline running = LocalPipeline.start(options, dev.tessera.inference.worker.WorkerListener.NONE)) {
      Summary summary = AcquisitionRun.run(new AcquisitionRun.Options(kafka.settings(), topics, outDir, idle, true,
          track), frames, running.model().modelId(), running.model().device());
      System.out.println();
      System.out.println(summary.toText());
      System.out.println("Masks (16-bit label TIFF): " + outDir.resolve("masks").toAbsolutePath());
      System.out.println("Overlays (PNG):            " + outDir.resolve("overlays").toAbsolutePath());
      System.out.println("Object tables (CSV):       " + outDir.resolve("objects.csv").toAbsolutePath());
      if (track) {
        System.out.println("Tracks (CTC format):       " + outDir.resolve("ctc").toAbsolutePath());
      }
      return summary.complete() ? Tessera.EXIT_OK : Tessera.EXIT_FAILED;
    }
  }

  String prefix() {
    return "demo-";
  }

  private FrameSource frames(String acq) {
    return input != null ? Acquisitions.fromPath(acq, input)
        : FrameSource.of(Acquisitions.synthetic(acq, size, size, frames, seed));
  }
}
