package dev.tessera.tracker.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Store keys that sort as the tracker scans them: the acquisition id's UTF-8 bytes, a zero byte,
 * then big-endian numbers (frame index and kind, or track id), so one acquisition's entries are a
 * contiguous range in frame or track order.
 */
final class StoreKeys {

  private StoreKeys() {}

  static Bytes acquisition(String acquisitionId) {
    return Bytes.wrap(acquisitionId.getBytes(StandardCharsets.UTF_8));
  }

  /** A pending record: (acquisition, frame index, 0 for the mask or 1 for the object table). */
  static Bytes pending(String acquisitionId, long frameIndex, int kind) {
    byte[] acq = acquisitionId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(acq.length + 10).put(acq).put((byte) 0).putLong(frameIndex)
        .put((byte) kind).array());
  }

  /** A track's span: (acquisition, track id). */
  static Bytes track(String acquisitionId, int trackId) {
    byte[] acq = acquisitionId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(acq.length + 5).put(acq).put((byte) 0).putInt(trackId).array());
  }

  /** The first key of an acquisition's range ({@link #pending} and {@link #track} keys). */
  static Bytes rangeStart(String acquisitionId) {
    return suffixed(acquisitionId, 0);
  }

  /** The key just past an acquisition's range. */
  static Bytes rangeEnd(String acquisitionId) {
    return suffixed(acquisitionId, 1);
  }

  /** The frame index of a {@link #pending} key. */
  static long frameIndexOf(Bytes pendingKey) {
    byte[] k = pendingKey.get();
    return ByteBuffer.wrap(k, k.length - 9, 8).getLong();
  }

  /** The kind (0 mask, 1 object table) of a {@link #pending} key. */
  static int kindOf(Bytes pendingKey) {
    byte[] k = pendingKey.get();
    return k[k.length - 1];
  }

  private static Bytes suffixed(String acquisitionId, int b) {
    byte[] acq = acquisitionId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(acq.length + 1).put(acq).put((byte) b).array());
  }
}
