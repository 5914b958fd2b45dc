package dev.tessera.cli.local;

import dev.tessera.cli.output.MaskWriter;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.imaging.overlay.Overlay;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.ingest.publish.PublishedFrame;
import dev.tessera.records.Frame;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Streams one acquisition through a running pipeline and reads its results: publishes the frames
 * (acks=all), waits for every mask and object table, writes them (label TIFFs, overlays, CSV)
 * and returns the run's {@link Summary}.
 */
public final class AcquisitionRun {

  /**
   * Where and how.
   *
   * @param kafka the cluster the pipeline runs on
   * @param topics topic names
   * @param out output folder, or null to write nothing
   * @param idle give up when no result arrived for this long
   * @param progress draw progress bars on the terminal
   */
  public record Options(KafkaSettings kafka, Topics topics, Path out, Duration idle,
      boolean progress) {}

  private AcquisitionRun() {}

  /** Publishes {@code frames} (all of one acquisition) and collects their results. */
  public static Summary run(Options o, List<Frame> frames, String modelId, String device) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("the acquisition has no frames");
    }
    String acq = frames.get(0).getAcquisitionId();
    Map<Long, Frame> byIndex = new HashMap<>();
    frames.forEach(f -> byIndex.put(f.getFrameIndex(), f));
    Map<Long, String> names = MaskWriter.names(frames);
    Map<Long, Long> publishedNanos = new HashMap<>();
    double megapixels = frames.stream().mapToDouble(f -> (double) f.getWidth() * f.getHeight() / 1e6).sum();
    try (ResultCollector collector = new ResultCollector(o.kafka(), o.topics());
        MaskWriter writer = o.out() == null ? null : new MaskWriter(o.out());
        FramePublisher publisher = FramePublisher.connect(o.kafka(), o.topics(), Map.of())) {
      long start = System.nanoTime();
      try (ProgressBar bar = bar(o, "Publishing", frames.size())) {
        for (Frame f : frames) {
          PublishedFrame p = publisher.publish(f, 0);
          publishedNanos.put(p.frameIndex(), System.nanoTime());
          bar.step();
        }
      }
      ResultCollector.Results results;
      try (ProgressBar bar = bar(o, "Segmenting", frames.size())) {
        results = collector.collect(acq, frames.size(), o.idle(), r -> {
          if (writer != null && r.mask() != null) {
            writer.writeLabels(r.mask(), names.get(r.frameIndex()));
            writer.writeOverlay(r.mask(), displayGrey(byIndex.get(r.frameIndex())), names.get(r.frameIndex()));
            writer.writeObjects(r.objects());
          }
          bar.step();
        });
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] latencies = results.receivedNanos().entrySet().stream()
          .filter(e -> publishedNanos.containsKey(e.getKey()))
          .mapToDouble(e -> (e.getValue() - publishedNanos.get(e.getKey())) / 1e6)
          .sorted().toArray();
      long tiles = results.masks().values().stream().mapToLong(m -> m.getTileCount()).sum();
      long cells = results.objects().values().stream().mapToLong(t -> t.getCells().size()).sum();
      int masks = (int) results.masks().keySet().stream().filter(results.objects()::containsKey).count();
      Summary summary = new Summary(acq, frames.size(), masks, tiles, cells, results.deadLetters().size(), seconds,
          megapixels, Summary.percentile(latencies, 50), Summary.percentile(latencies, 99), modelId, device);
      if (o.out() != null) {
        writeSummary(o.out(), summary, results);
      }
      return summary;
    }
  }

  /** An 8-bit display version of a frame: percentiles 1 and 99.8 stretched to 0..255. */
  static byte[] displayGrey(Frame frame) {
    ByteBuffer pixels = frame.getPixels();
    var n = Normalizer.compute(NormalizationSpec.defaults(), pixels, frame.getPixelType());
    return Overlay.displayGrey(Normalizer.apply(n, pixels, frame.getPixelType()));
  }

  private static void writeSummary(Path out, Summary summary, ResultCollector.Results results) {
    try {
      Files.writeString(out.resolve("summary.json"), summary.toJson());
      StringBuilder md = new StringBuilder(summary.toMarkdown());
      if (!results.deadLetters().isEmpty()) {
        md.append("\n## Dead letters\n\n| stage | key | error | reason |\n|---|---|---|---|\n");
        results.deadLetters().forEach(d -> md.append("| ").append(d.getStage()).append(" | ").append(d.getKey())
            .append(" | ").append(d.getErrorType()).append(" | ").append(d.getReason().replace('|', '/')).append(" |\n"));
      }
      Files.writeString(out.resolve("summary.md"), md.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the summary into " + out, e);
    }
  }

  private static ProgressBar bar(Options o, String task, int total) {
    ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUnit(" frames", 1).showSpeed();
    if (!o.progress()) {
      b.setConsumer(new me.tongfei.progressbar.DelegatingProgressBarConsumer(line -> { }));
    }
    return b.build();
  }

}
