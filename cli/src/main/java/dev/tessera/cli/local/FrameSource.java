package dev.tessera.cli.local;

import dev.tessera.cli.output.MaskWriter;
import dev.tessera.records.Frame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of one acquisition, handed out one at a time in frame order, so a stack of thousands
 * of frames never has to be in memory whole: its size and its output names are known before a
 * pixel is read.
 *
 * @param acquisitionId the acquisition every frame belongs to
 * @param size how many frames
 * @param names the output name of each frame, by frame index ({@link MaskWriter#names(Map)})
 * @param frames reads the frames, in frame-index order; called once
 */
public record FrameSource(String acquisitionId, int size, Map<Long, String> names, Iterable<Frame> frames) {

  /** Frames already in memory (a synthetic time lapse). */
  public static FrameSource of(List<Frame> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("the acquisition has no frames");
    }
    Map<Long, Map<String, String>> attributes = new LinkedHashMap<>();
    frames.forEach(f -> attributes.put(f.getFrameIndex(), f.getAttributes()));
    return new FrameSource(frames.get(0).getAcquisitionId(), frames.size(), MaskWriter.names(attributes),
        List.copyOf(frames));
  }
}
