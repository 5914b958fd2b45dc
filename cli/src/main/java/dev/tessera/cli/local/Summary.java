package dev.tessera.cli.local;

import java.util.Locale;

/**
 * What a run of the local pipeline did, as printed at the end and saved as JSON and Markdown.
 *
 * @param acquisitionId the acquisition
 * @param frames frames published
 * @param masks frames that came back as masks with object tables
 * @param tiles tiles scored for those masks
 * @param cells cells found in those masks
 * @param deadLetters dead letters of this acquisition (any stage)
 * @param seconds from the first frame published to the last result read
 * @param megapixels frame megapixels published
 * @param latencyP50Millis median time from a frame's acknowledgement to its mask being read
 * @param latencyP99Millis 99th percentile of the same (nearest rank)
 * @param modelId the model
 * @param device where it ran
 */
public record Summary(String acquisitionId, int frames, int masks, long tiles, long cells, int deadLetters,
    double seconds, double megapixels, double latencyP50Millis, double latencyP99Millis, String modelId, String device) {

  public double framesPerSecond() {
    return seconds > 0 ? masks / seconds : 0;
  }

  public double megapixelsPerSecond() {
    return seconds > 0 && frames > 0 ? megapixels * masks / frames / seconds : 0;
  }

  /** Whether every published frame came back as a mask. */
  public boolean complete() {
    return masks == frames;
  }

  public String toText() {
    return String.format(Locale.ROOT, """
        Acquisition     %s
        Frames          %d published, %d masks (%s)
        Tiles           %d scored by %s on %s
        Cells found     %d
        Throughput      %.2f frames/s, %.2f megapixels/s over %.1f s
        Latency         p50 %.0f ms, p99 %.0f ms (frame acknowledged -> mask read)
        Dead letters    %d""",
        acquisitionId, frames, masks, complete() ? "all" : (frames - masks) + " missing", tiles, modelId, device,
        cells, framesPerSecond(), megapixelsPerSecond(), seconds, latencyP50Millis, latencyP99Millis, deadLetters);
  }

  public String toJson() {
    return String.format(Locale.ROOT, """
        {"acquisitionId": "%s", "frames": %d, "masks": %d, "tiles": %d, "cells": %d, "deadLetters": %d,
         "seconds": %.3f, "framesPerSecond": %.4f, "megapixelsPerSecond": %.4f,
         "latencyP50Millis": %.1f, "latencyP99Millis": %.1f, "modelId": "%s", "device": "%s"}
        """, acquisitionId, frames, masks, tiles, cells, deadLetters, seconds, framesPerSecond(),
        megapixelsPerSecond(), latencyP50Millis, latencyP99Millis, modelId, device);
  }

  public String toMarkdown() {
    return "# Tessera run " + acquisitionId + "\n\n```\n" + toText() + "\n```\n";
  }

  /** The nearest-rank percentile {@code p} (0..100) of {@code sorted} values; 0 when empty. */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
