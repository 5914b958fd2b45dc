package dev.tessera.stitcher.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * State-store keys, laid out so byte order is the order the stitcher scans in: an acquisition's
 * prefix (its id's length, then its UTF-8 bytes), then the frame index (big-endian with the sign
 * bit flipped, so indices sort numerically), then for tiles the tile index (big-endian, never
 * negative). A range over a frame's prefix returns its tiles in index order; a range over an
 * acquisition's prefix returns its frames in frame order.
 */
final class StoreKeys {

  private StoreKeys() {}

  /** The prefix of every key of {@code acquisitionId}. */
  static byte[] acquisition(String acquisitionId) {
    byte[] id = acquisitionId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + id.length).putInt(id.length).put(id).array();
  }

  /** The key of a frame. */
  static Bytes frame(String acquisitionId, long frameIndex) {
    byte[] acq = acquisition(acquisitionId);
    return Bytes.wrap(ByteBuffer.allocate(acq.length + 8).put(acq).putLong(frameIndex ^ Long.MIN_VALUE).array());
  }

  /** The key of one tile of a frame. */
  static Bytes tile(String acquisitionId, long frameIndex, int tileIndex) {
    byte[] frame = frame(acquisitionId, frameIndex).get();
    return Bytes.wrap(ByteBuffer.allocate(frame.length + 4).put(frame).putInt(tileIndex).array());
  }

  /** The first tile key of a frame (tile 0). */
  static Bytes firstTile(String acquisitionId, long frameIndex) {
    return tile(acquisitionId, frameIndex, 0);
  }

  /** The last possible tile key of a frame. */
  static Bytes lastTile(String acquisitionId, long frameIndex) {
    return tile(acquisitionId, frameIndex, Integer.MAX_VALUE);
  }

  /** The last possible frame key of an acquisition. */
  static Bytes lastFrame(String acquisitionId) {
    return frame(acquisitionId, Long.MAX_VALUE);
  }

  /** The frame index of a key made by {@link #frame(String, long)}. */
  static long frameIndexOf(Bytes frameKey) {
    byte[] k = frameKey.get();
    return ByteBuffer.wrap(k, k.length - 8, 8).getLong() ^ Long.MIN_VALUE;
  }

  /** The key of an acquisition's own entry. */
  static Bytes acquisitionKey(String acquisitionId) {
    return Bytes.wrap(acquisition(acquisitionId));
  }
}
