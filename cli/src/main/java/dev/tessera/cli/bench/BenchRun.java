package dev.tessera.cli.bench;

import dev.tessera.cli.local.Acquisitions;
import dev.tessera.cli.local.Summary;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.TileSizes;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.inference.worker.Tta;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.model.runtime.Flip8;
import dev.tessera.model.runtime.FrameInference;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.Frame;
import dev.tessera.records.Normalization;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The measurements of {@code tessera bench} for one frame size on a running local pipeline, in this
 * order: warm-up (pipeline and bare, not timed), bare whole-frame inference, the pipeline with every
 * frame published at once (steady-state throughput), the pipeline at a fixed arrival rate (latency).
 */
public final class BenchRun {

  private static final Duration IDLE = Duration.ofMinutes(3);
  private static final int TEMPLATES = 4;

  /**
   * What every size shares.
   *
   * @param weights the benchmarked network
   * @param maxInputSize largest tile the tiler may choose
   * @param warmup frames through each path before timing
   * @param rate arrival rate of the latency mode, or null for none
   * @param fmaPeak the machine's FMA peak, or null when not measured
   * @param workers inference workers in the pipeline
   * @param intraOpThreads ONNX Runtime threads of each worker, 0 = one per core
   * @param tta test-time augmentation of the workers and of bare inference alike
   */
  public record Setup(UNetWeights weights, int maxInputSize, int warmup, ArrivalRate rate, FmaPeak.Result fmaPeak,
      int workers, int intraOpThreads, Tta tta) {}

  /**
   * The figures of one frame size.
   *
   * @param side frame width = height
   * @param tiles tiles per frame
   * @param tileInput input side of each tile
   * @param gmacPerFrame multiply-accumulates per frame, billions
   * @param bareSecondsPerFrame bare inference time of each measured frame
   * @param bareCpu CPU utilisation during bare inference
   * @param steady every frame published at once
   * @param atRate published at {@link #rateFramesPerSecond}, or null
   * @param rateFramesPerSecond the target arrival rate, 0 without a rate mode
   */
  public record SizeResult(int side, int tiles, int tileInput, double gmacPerFrame, double[] bareSecondsPerFrame,
      double bareCpu, PipelineProbe.Outcome steady, PipelineProbe.Outcome atRate, double rateFramesPerSecond) {

    double bareFramesPerSecond() {
      double total = 0;
      for (double s : bareSecondsPerFrame) {
        total += s;
      }
      return bareSecondsPerFrame.length / total;
    }

    double bareMedianMillis() {
      return 1000 * Summary.percentile(Arrays.stream(bareSecondsPerFrame).sorted().toArray(), 50);
    }

    double pipelineOverBare() {
      return steady.steadyFramesPerSecond() / bareFramesPerSecond();
    }

    List<String> incomplete() {
      List<String> out = new ArrayList<>();
      for (PipelineProbe.Outcome o : atRate == null ? List.of(steady) : List.of(steady, atRate)) {
        if (o.missing() > 0) {
          out.add(String.format(Locale.ROOT, "%dx%d: %d of %d frames came back as masks, %d dead letters", side, side,
              o.trips().size(), o.frames(), o.deadLetters()));
        }
      }
      return out;
    }
  }

  private final Setup setup;
  private final KafkaSettings kafka;
  private final Topics topics;
  private final UNetModel model;
  private final WorkerTimes worker;

  /** Measures on a running pipeline whose one worker reports to {@code worker}. */
  public BenchRun(Setup setup, KafkaSettings kafka, Topics topics, UNetModel model, WorkerTimes worker) {
    this.setup = setup;
    this.worker = worker;
    this.kafka = kafka;
    this.topics = topics;
    this.model = model;
  }

  /** Warms up, then measures {@code frames} frames of {@code side}² in each mode. */
  public SizeResult measure(int side, int frames) {
    String run = "bench-" + side + "-" + System.currentTimeMillis();
    List<Frame> templates = Acquisitions.synthetic(run, side, side, TEMPLATES, 3);
    TilePlan plan = TileSizes.choose(model.geometry(), side, side, setup.maxInputSize());
    double gmac = plan.tileCount() * UNetOnnx.multiplyAccumulates(setup.weights(), plan.inputSize(), plan.inputSize())
        * setup.tta().passes() / 1e9;
    String name = side + "x" + side;
    if (setup.warmup() > 0) {
      progress("%s: warming up on %d frames (pipeline and bare inference, not timed)", name, setup.warmup());
      bare(frames(templates, run + "-warmup", setup.warmup()));
      PipelineProbe.run(kafka, topics, frames(templates, run + "-warmup", setup.warmup()), 0, IDLE, worker);
    }
    progress("%s: bare inference of %d frames (%d tiles of %d each)", name, frames, plan.tileCount(), plan.inputSize());
    CpuMeter cpu = new CpuMeter();
    double[] bare = bare(frames(templates, run + "-bare", frames));
    double bareCpu = cpu.utilisation();
    double bareFps = bare.length / Arrays.stream(bare).sum();
    progress("%s: %.3f frames/s bare; pipeline with %d frames published at once", name, bareFps, frames);
    PipelineProbe.Outcome steady = PipelineProbe.run(kafka, topics, frames(templates, run + "-steady", frames), 0, IDLE, worker);
    progress("%s: %.3f frames/s through the pipeline (%d of %d back)", name, steady.steadyFramesPerSecond(),
        steady.trips().size(), frames);
    PipelineProbe.Outcome atRate = null;
    double rate = 0;
    if (setup.rate() != null) {
      rate = setup.rate().framesPerSecond(bareFps);
      progress("%s: pipeline with %d frames arriving at %.3f frames/s (%s)", name, frames, rate, setup.rate());
      atRate = PipelineProbe.run(kafka, topics, frames(templates, run + "-rate", frames), rate, IDLE, worker);
    }
    return new SizeResult(side, plan.tileCount(), plan.inputSize(), gmac, bare, bareCpu, steady, atRate, rate);
  }

  /** {@code n} frames of a new acquisition, cycling through the templates' pixels (shared, not copied). */
  private static List<Frame> frames(List<Frame> templates, String acquisitionId, int n) {
    List<Frame> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Frame t = templates.get(i % templates.size());
      out.add(Frame.newBuilder().setAcquisitionId(acquisitionId).setFrameIndex(i).setT(i).setWidth(t.getWidth())
          .setHeight(t.getHeight()).setPixelType(t.getPixelType()).setPixels(t.getPixels().duplicate())
          .setCapturedAt(t.getCapturedAt()).setAttributes(t.getAttributes()).build());
    }
    return out;
  }

  /** Seconds of whole-frame tiled inference of each frame, normalized as the tiler does. */
  private double[] bare(List<Frame> frames) {
    double[] seconds = new double[frames.size()];
    for (int i = 0; i < seconds.length; i++) {
      Frame f = frames.get(i);
      long start = System.nanoTime();
      Normalization n = Normalizer.compute(model.card().normalization(), f.getPixels(), f.getPixelType());
      float[] normalized = Normalizer.apply(n, f.getPixels(), f.getPixelType());
      if (setup.tta() == Tta.FLIP8) {
        Flip8.tiled(model, normalized, f.getWidth(), f.getHeight(), setup.maxInputSize());
      } else {
        FrameInference.tiled(model, normalized, f.getWidth(), f.getHeight(), setup.maxInputSize());
      }
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    return seconds;
  }

  private static void progress(String format, Object... args) {
    System.err.println("tessera bench: " + String.format(Locale.ROOT, format, args));
  }

  /** The load average of the last minute (other processes included), or -1 where the OS has none. */
  public static double loadAverage() {
    return CpuMeter.loadAverage();
  }

  /**
   * The whole run, as Markdown and JSON.
   *
   * @param liveHeapMiB the largest heap in use after a collection during the run ({@link HeapMeter})
   */
  public record Report(Setup setup, List<SizeResult> sizes, double loadAverageAtStart, long liveHeapMiB) {

    public List<String> incomplete() {
      return sizes.stream().flatMap(s -> s.incomplete().stream()).toList();
    }

    public String toMarkdown() {
      StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
          ## Whole pipeline: `./tessera bench`

          Depth-4 U-Net, width %d (random weights), %d inference worker(s) with ONNX Runtime threads
          %s each, tiler and stitcher in one JVM on an embedded KRaft broker. Machine: %s, %d cores,
          load average %.2f at the start; max heap %d MiB, largest live heap (in use after a garbage
          collection) %d MiB. FMA peak: %s. Test-time augmentation: %s. Warm-up: %d frames per size
          through both paths before anything is timed. Bare = whole-frame inference of the same model
          with the same tiles in the same JVM, no Kafka. Pipeline throughput = frames between the first
          and the last result read (all frames published at once: the steady state of a full
          pipeline). CPU = process CPU time ÷ (wall time × cores).

          | frame | frames | tiles per frame | bare frames/s | pipeline frames/s | pipeline / bare | GFLOP/s bare / pipeline | of FMA peak (bare) | CPU bare / pipeline |
          |---|---:|---|---:|---:|---:|---:|---:|---:|
          """, setup.weights().width(), setup.workers(),
          setup.intraOpThreads() == 0 ? "one per core" : Integer.toString(setup.intraOpThreads()), cpuModel(), Runtime.getRuntime().availableProcessors(), loadAverageAtStart,
          Runtime.getRuntime().maxMemory() >> 20, liveHeapMiB,
          setup.fmaPeak() == null ? "not measured" : setup.fmaPeak().describe(),
          setup.tta() == Tta.NONE ? "none" : setup.tta().key() + " (" + setup.tta().passes() + " model runs per tile,"
              + " in the workers and in bare inference; FLOP counts include them)", setup.warmup()));
      for (SizeResult s : sizes) {
        double bareGflops = 2 * s.gmacPerFrame() * s.bareFramesPerSecond();
        double pipeGflops = 2 * s.gmacPerFrame() * s.steady().steadyFramesPerSecond();
        md.append(String.format(Locale.ROOT, "| %dx%d | %d | %d x %d | %.3f | %.3f | %.2f | %.0f / %.0f | %s | %.0f%% / %.0f%% |%n",
            s.side(), s.side(), s.steady().frames(), s.tiles(), s.tileInput(), s.bareFramesPerSecond(),
            s.steady().steadyFramesPerSecond(), s.pipelineOverBare(), bareGflops, pipeGflops,
            setup.fmaPeak() == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * bareGflops / setup.fmaPeak().gflops()),
            100 * s.bareCpu(), 100 * s.steady().cpuUtilisation()));
      }
      if (setup.rate() != null) {
        md.append(String.format(Locale.ROOT, """

            Latency at a fixed arrival rate (%s), published → mask and objects read:

            | frame | frames | arrival frames/s | p50 / p95 / p99 ms | bare ms per frame (median) | p99 ÷ bare frame | CPU |
            |---|---:|---:|---:|---:|---:|---:|
            """, setup.rate()));
        for (SizeResult s : sizes) {
          double[] l = s.atRate().sortedLatencies();
          double p99 = Summary.percentile(l, 99);
          md.append(String.format(Locale.ROOT, "| %dx%d | %d | %.3f | %.0f / %.0f / %.0f | %.0f | %.2f | %.0f%% |%n",
              s.side(), s.side(), s.atRate().frames(), s.atRate().arrivalFramesPerSecond(), Summary.percentile(l, 50),
              Summary.percentile(l, 95), p99, s.bareMedianMillis(), p99 / s.bareMedianMillis(),
              100 * s.atRate().cpuUtilisation()));
        }
      }
      md.append("\nWhere the time goes: median milliseconds of each hop (the medians need not add up to the median"
          + " latency).\n\n| frame | mode |");
      StageBreakdown.HOPS.forEach(h -> md.append(' ').append(h).append(" |"));
      md.append("\n|---|---|").append("---:|".repeat(StageBreakdown.HOPS.size())).append('\n');
      for (SizeResult s : sizes) {
        breakdownRow(md, s, "all at once", s.steady());
        if (s.atRate() != null) {
          breakdownRow(md, s, String.format(Locale.ROOT, "%.3f frames/s", s.rateFramesPerSecond()), s.atRate());
        }
      }
      md.append("""

          The inference workers over each window (share of the window × workers), from their own
          reports: computing (pre-processing, model run, post-processing), the rest of their
          transactions (begin, send, offsets, commit), the rest (polling, lingering, waiting for tiles).

          | frame | mode | tiles | model runs | transactions | computing | transaction overhead | other | ms per tile: pipeline / bare |
          |---|---|---:|---:|---:|---:|---:|---:|---:|
          """);
      for (SizeResult s : sizes) {
        workerRow(md, s, "all at once", s.steady());
        if (s.atRate() != null) {
          workerRow(md, s, String.format(Locale.ROOT, "%.3f frames/s", s.rateFramesPerSecond()), s.atRate());
        }
      }
      return md.toString();
    }

    private void workerRow(StringBuilder md, SizeResult s, String mode, PipelineProbe.Outcome o) {
      WorkerTimes.Window w = o.worker().perWorker(setup.workers());
      md.append(String.format(Locale.ROOT, "| %dx%d | %s | %d | %d | %d | %.0f%% | %.0f%% | %.0f%% | %.0f / %.0f |%n",
          s.side(), s.side(), mode, w.tiles(), w.batches(), w.transactions(), 100 * w.computeSeconds() / w.seconds(),
          100 * w.transactionOverheadSeconds() / w.seconds(), 100 * w.otherSeconds() / w.seconds(),
          w.tiles() == 0 ? 0 : 1000 * w.computeSeconds() / w.tiles(), s.bareMedianMillis() / s.tiles()));
    }

    private static void breakdownRow(StringBuilder md, SizeResult s, String mode, PipelineProbe.Outcome o) {
      md.append(String.format(Locale.ROOT, "| %dx%d | %s |", s.side(), s.side(), mode));
      for (double m : StageBreakdown.of(o.trips()).medianMillis()) {
        md.append(String.format(Locale.ROOT, " %.0f |", m));
      }
      md.append('\n');
    }

    public String toJson() {
      StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
          "{\"width\": %d, \"cores\": %d, \"cpu\": \"%s\", \"loadAverageAtStart\": %.2f, \"maxHeapMiB\": %d,"
              + " \"liveHeapMiB\": %d, \"fmaPeakGflops\": %.1f, \"tta\": \"%s\", \"warmupFrames\": %d,%n"
              + " \"hops\": [%s],%n \"sizes\": [",
          setup.weights().width(), Runtime.getRuntime().availableProcessors(), cpuModel().replace("\"", "'"),
          loadAverageAtStart, Runtime.getRuntime().maxMemory() >> 20, liveHeapMiB,
          setup.fmaPeak() == null ? 0 : setup.fmaPeak().gflops(), setup.tta().key(), setup.warmup(),
          String.join(", ", StageBreakdown.HOPS.stream().map(h -> '"' + h + '"').toList())));
      for (int i = 0; i < sizes.size(); i++) {
        SizeResult s = sizes.get(i);
        json.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
            "  {\"frame\": %d, \"tiles\": %d, \"tileInput\": %d, \"gmacPerFrame\": %.3f, \"bareFramesPerSecond\": %.4f,"
                + " \"bareMedianMillis\": %.1f, \"bareCpu\": %.3f, \"pipelineOverBare\": %.4f,%n   \"steady\": %s",
            s.side(), s.tiles(), s.tileInput(), s.gmacPerFrame(), s.bareFramesPerSecond(), s.bareMedianMillis(),
            s.bareCpu(), s.pipelineOverBare(), outcomeJson(s.steady(), 0)));
        if (s.atRate() != null) {
          json.append(",\n   \"atRate\": ").append(outcomeJson(s.atRate(), s.rateFramesPerSecond()));
        }
        json.append('}');
      }
      return json.append("\n]}\n").toString();
    }

    private static String outcomeJson(PipelineProbe.Outcome o, double targetRate) {
      double[] l = o.sortedLatencies();
      return String.format(Locale.ROOT,
          "{\"frames\": %d, \"masks\": %d, \"deadLetters\": %d, \"windowSeconds\": %.3f, \"framesPerSecond\": %.4f,"
              + " \"targetArrivalFramesPerSecond\": %.4f, \"arrivalFramesPerSecond\": %.4f, \"cpu\": %.3f,"
              + " \"latencyP50Millis\": %.1f, \"latencyP95Millis\": %.1f, \"latencyP99Millis\": %.1f,"
              + " \"hopMedianMillis\": %s, \"workerComputeSeconds\": %.3f, \"workerTransactionOverheadSeconds\": %.3f,"
              + " \"workerTiles\": %d, \"workerModelRuns\": %d, \"workerTransactions\": %d}",
          o.frames(), o.trips().size(), o.deadLetters(), o.windowSeconds(), o.steadyFramesPerSecond(), targetRate,
          o.arrivalFramesPerSecond(), o.cpuUtilisation(), Summary.percentile(l, 50), Summary.percentile(l, 95),
          Summary.percentile(l, 99), StageBreakdown.of(o.trips()).toJson(), o.worker().computeSeconds(),
          o.worker().transactionOverheadSeconds(), o.worker().tiles(), o.worker().batches(), o.worker().transactions());
    }
  }

  /** The CPU's model name from {@code /proc/cpuinfo}, or the OS architecture where there is none. */
  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }
}
