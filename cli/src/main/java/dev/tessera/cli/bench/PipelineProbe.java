package dev.tessera.cli.bench;

import dev.tessera.cli.local.ResultCollector;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.records.Frame;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams the frames of one acquisition through a running pipeline, either all at once (the
 * steady state of a full pipeline) or at a fixed arrival rate (the latency a live acquisition
 * sees), and times every frame. The results are read on the calling thread while a second thread
 * publishes, so a frame's read time is never held back by publishing.
 */
final class PipelineProbe {

  /**
   * What came back.
   *
   * @param trips one per frame that came back as mask and object table, in read order
   * @param frames frames published
   * @param deadLetters dead letters of the acquisition
   * @param windowSeconds first publish to last read
   * @param cpuUtilisation of this process over the window
   * @param worker how the inference worker spent the window
   */
  record Outcome(List<FrameTrip> trips, int frames, int deadLetters, double windowSeconds, double cpuUtilisation,
      WorkerTimes.Window worker) {

    int missing() {
      return frames - trips.size();
    }

    /**
     * Frames per second between the first and the last result read: with every frame published at
     * once this is the rate of a full pipeline, its fill time (the first frame's latency) excluded.
     */
    double steadyFramesPerSecond() {
      if (trips.size() < 2) {
        return 0;
      }
      long first = trips.stream().mapToLong(FrameTrip::readAt).min().orElseThrow();
      long last = trips.stream().mapToLong(FrameTrip::readAt).max().orElseThrow();
      return last > first ? (trips.size() - 1) * 1000.0 / (last - first) : 0;
    }

    /** Frames per second at which the frames were published. */
    double arrivalFramesPerSecond() {
      long first = trips.stream().mapToLong(FrameTrip::publishedAt).min().orElse(0);
      long last = trips.stream().mapToLong(FrameTrip::publishedAt).max().orElse(0);
      return last > first ? (trips.size() - 1) * 1000.0 / (last - first) : 0;
    }

    double[] sortedLatencies() {
      return trips.stream().mapToDouble(FrameTrip::latency).sorted().toArray();
    }
  }

  private PipelineProbe() {}

  /**
   * Publishes {@code frames} ({@code capturedAt} set to the moment each is handed to the producer)
   * and reads their results.
   *
   * @param framesPerSecond arrival rate, or 0 to publish all at once
   * @param idle give up when nothing came back for this long
   * @param worker the worker's reports
   */
  static Outcome run(KafkaSettings kafka, Topics topics, List<Frame> frames, double framesPerSecond, Duration idle,
      WorkerTimes worker) {
    String acq = frames.get(0).getAcquisitionId();
    List<FrameTrip> trips = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<RuntimeException> publishFailure = new AtomicReference<>();
    try (ResultCollector collector = new ResultCollector(kafka, topics);
        FramePublisher publisher = FramePublisher.connect(kafka, topics, Map.of())) {
      CpuMeter cpu = new CpuMeter();
      WorkerTimes.Snapshot before = worker.snapshot();
      long start = System.nanoTime();
      Thread publishing = new Thread(() -> {
        try {
          for (int i = 0; i < frames.size(); i++) {
            if (framesPerSecond > 0) {
              long due = start + (long) (i * 1e9 / framesPerSecond);
              for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
              }
            }
            Frame f = frames.get(i);
            f.setCapturedAt(Instant.now());
            publisher.publish(f, 0);
          }
        } catch (RuntimeException e) {
          publishFailure.set(e);
        }
      }, "bench-publisher");
      publishing.start();
      ResultCollector.Results results = collector.collect(acq, frames.size(), idle, r -> {
        if (r.mask() != null) {
          trips.add(FrameTrip.of(r.mask(), System.currentTimeMillis()));
        }
      });
      double seconds = (System.nanoTime() - start) / 1e9;
      double utilisation = cpu.utilisation();
      WorkerTimes.Window spent = worker.snapshot().since(before);
      join(publishing);
      if (publishFailure.get() != null) {
        throw new IllegalStateException("Publishing the bench frames failed: " + publishFailure.get().getMessage(),
            publishFailure.get());
      }
      return new Outcome(List.copyOf(trips), frames.size(), results.deadLetters().size(), seconds, utilisation,
          spent);
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
