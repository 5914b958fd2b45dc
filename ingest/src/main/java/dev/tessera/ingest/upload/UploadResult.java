package dev.tessera.ingest.upload;

import dev.tessera.ingest.publish.PublishedFrame;
import java.util.List;

/**
 * The answer to an accepted upload: where each of its frames is stored.
 *
 * @param acquisitionId the acquisition (record key)
 * @param topic the frames topic
 * @param frames one entry per frame, in page order
 */
public record UploadResult(String acquisitionId, String topic, List<FrameCoordinates> frames) {

  /**
   * @param frameIndex the frame's index in its acquisition
   * @param page its page in the uploaded file (0 for PNG and raw pixels)
   * @param partition the partition it is stored in
   * @param offset its offset there
   * @param bytes the size of its record value
   */
  public record FrameCoordinates(long frameIndex, int page, int partition, long offset, int bytes) {

    static FrameCoordinates of(PublishedFrame f) {
      return new FrameCoordinates(f.frameIndex(), f.page(), f.partition(), f.offset(), f.recordBytes());
    }
  }

  static UploadResult of(String acquisitionId, String topic, List<PublishedFrame> frames) {
    return new UploadResult(acquisitionId, topic, frames.stream().map(FrameCoordinates::of).toList());
  }

  /** Total bytes of the frames' records. */
  public long bytes() {
    return frames.stream().mapToLong(FrameCoordinates::bytes).sum();
  }
}
