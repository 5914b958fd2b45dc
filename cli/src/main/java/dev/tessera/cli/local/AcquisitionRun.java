package dev.tessera.cli.local;

import dev.tessera.cli.output.CtcTracks;
import dev.tessera.cli.output.MaskWriter;
import dev.tessera.imaging.overlay.Overlay;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.ingest.publish.PublishedFrame;
import dev.tessera.records.Frame;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
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
   * @param track also read the tracker stage's tracks (the pipeline must run the tracker) and write
   *     them in the Cell Tracking Challenge's format into {@code out/ctc} ({@link CtcTracks})
   */
  public record Options(KafkaSettings kafka, Topics topics, Path out, Duration idle,
      boolean progress, boolean track) {}

  private AcquisitionRun() {}

  /**
   * At most this many frames are published and not yet back: the memory of a run is bounded by it
   * (each waiting frame keeps only its 8-bit display image for the overlay), whatever the length of
   * the acquisition, and a slow pipeline makes the reader wait instead of piling frames up.
   */
  static final int IN_FLIGHT = 16;

  /** Publishes {@code frames} (all of one acquisition) and collects their results. */
  public static Summary run(Options o, List<Frame> frames, String modelId, String device) {
    return run(o, FrameSource.of(frames), modelId, device);
  }

  /**
   * Publishes the source's frames as they are read, at most {@link #IN_FLIGHT} ahead of the
   * results, while the results are collected and written.
   *
   * @throws IllegalArgumentException when a frame cannot be read (what was published before it is
   *     collected and written first)
   */
  public static Summary run(Options o, FrameSource source, String modelId, String device) {
    String acq = source.acquisitionId();
    Map<Long, String> names = source.names();
    Map<Long, Long> publishedNanos = new ConcurrentHashMap<>();
    Map<Long, byte[]> display = new ConcurrentHashMap<>();
    Semaphore window = new Semaphore(IN_FLIGHT);
    AtomicInteger published = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    DoubleAdder megapixels = new DoubleAdder();
    AtomicReference<RuntimeException> readFailure = new AtomicReference<>();
    CtcTracks tracking = o.track() && o.out() != null ? new CtcTracks(o.out().resolve("ctc"), source.size()) : null;
    try (ResultCollector collector = new ResultCollector(o.kafka(), o.topics(), tracking == null ? null
            : tracking::track);
        MaskWriter writer = o.out() == null ? null : new MaskWriter(o.out());
        FramePublisher publisher = FramePublisher.connect(o.kafka(), o.topics(), Map.of())) {
      long start = System.nanoTime();
      Thread reader = new Thread(() -> {
        try {
          for (Frame f : source.frames()) {
            window.acquire();
            if (writer != null) {
              display.put(f.getFrameIndex(), Overlay.displayGrey(f));
            }
            PublishedFrame p = publisher.publish(f, 0);
            publishedNanos.put(p.frameIndex(), System.nanoTime());
            megapixels.add((double) f.getWidth() * f.getHeight() / 1e6);
            published.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          readFailure.set(e);
        }
      }, "tessera-run-publisher");
      reader.setDaemon(true);
      reader.start();
      ResultCollector.Results results;
      try (ProgressBar bar = bar(o, "Segmenting", source.size())) {
        results = collector.collect(acq, source.size(), o.idle(), r -> {
          if (writer != null && r.mask() != null) {
            long i = r.frameIndex();
            writer.writeLabels(r.mask(), names.get(i));
            byte[] grey = display.remove(i);
            if (grey != null) {
              writer.writeOverlay(r.mask(), grey, names.get(i));
            }
            writer.writeObjects(r.objects());
          }
          if (tracking != null && r.mask() != null) {
            tracking.frame(r.frameIndex(), r.mask());
          }
          window.release();
          finished.incrementAndGet();
          bar.step();
          bar.setExtraMessage(" published " + published.get() + " of " + source.size());
          // A frame that cannot be read ends the run once everything published before it is back.
        }, () -> readFailure.get() != null && finished.get() >= published.get());
      }
      reader.interrupt();
      if (tracking != null) {
        int tracked = collector.awaitTracks(results, results.completeFrames(), o.idle());
        if (tracked < results.completeFrames()) {
          System.err.println("tessera: the tracks of " + (results.completeFrames() - tracked) + " of "
              + results.completeFrames() + " frames did not come (see the tracker's dead letters in summary.md)");
        }
        tracking.finish();
        System.out.println("Tracks: " + tracking.describe());
      }
      if (readFailure.get() != null) {
        throw readFailure.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] latencies = results.receivedNanos().entrySet().stream()
          .filter(e -> publishedNanos.containsKey(e.getKey()))
          .mapToDouble(e -> (e.getValue() - publishedNanos.get(e.getKey())) / 1e6)
          .sorted().toArray();
      Summary summary = new Summary(acq, source.size(), results.completeFrames(), results.tiles(), results.cells(),
          results.deadLetters().size(), seconds, megapixels.sum(), Summary.percentile(latencies, 50),
          Summary.percentile(latencies, 99), modelId, device);
      if (o.out() != null) {
        writeSummary(o.out(), summary, results);
      }
      return summary;
    }
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
