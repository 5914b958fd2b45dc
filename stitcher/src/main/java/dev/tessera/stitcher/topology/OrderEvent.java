package dev.tessera.stitcher.topology;

import dev.tessera.schemas.Wire;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the assembling stage tells the ordering stage about a frame, through the internal
 * repartition topic keyed by acquisition id: a frame was seen, finished (with its encoded mask
 * and object table), or abandoned (timed out or dead-lettered, so nobody waits for it).
 */
sealed interface OrderEvent {

  long frameIndex();

  /** The first tile of the frame arrived: later frames wait for it. */
  record Opened(long frameIndex) implements OrderEvent {}

  /** The frame was stitched; {@code mask} and {@code objects} are the topic values, encoded. */
  record Finished(long frameIndex, byte[] mask, byte[] objects) implements OrderEvent {}

  /** The frame will never be published. */
  record Abandoned(long frameIndex) implements OrderEvent {}

  /** The serde of the internal topic; format byte, kind byte, frame index, payload. */
  final class WireSerde implements Serde<OrderEvent>, Serializer<OrderEvent>, Deserializer<OrderEvent> {
    private static final int FORMAT = 1;
    private static final int OPENED = 0;
    private static final int FINISHED = 1;
    private static final int ABANDONED = 2;

    @Override
    public byte[] serialize(String topic, OrderEvent event) {
      if (event == null) {
        return null;
      }
      Wire.Writer out = new Wire.Writer(event instanceof Finished f ? f.mask().length + f.objects().length + 32 : 16)
          .writeByte(FORMAT);
      if (event instanceof Finished f) {
        out.writeByte(FINISHED).writeLong(f.frameIndex()).writeBytes(f.mask()).writeBytes(f.objects());
      } else {
        out.writeByte(event instanceof Opened ? OPENED : ABANDONED).writeLong(event.frameIndex());
      }
      return out.toByteArray();
    }

    @Override
    public OrderEvent deserialize(String topic, byte[] data) {
      if (data == null) {
        return null;
      }
      try {
        Wire.Reader in = new Wire.Reader(data);
        int format = in.readByte();
        if (format != FORMAT) {
          throw new SerializationException("order event format " + format + " is not " + FORMAT);
        }
        int kind = in.readByte();
        long frame = in.readLong();
        return switch (kind) {
          case OPENED -> new Opened(frame);
          case ABANDONED -> new Abandoned(frame);
          case FINISHED -> new Finished(frame, in.readBytes(), in.readBytes());
          default -> throw new SerializationException("unknown order event kind " + kind);
        };
      } catch (RuntimeException e) {
        throw e instanceof SerializationException s ? s
            : new SerializationException("corrupt order event of " + data.length + " bytes: " + e, e);
      }
    }

    @Override
    public Serializer<OrderEvent> serializer() {
      return this;
    }

    @Override
    public Deserializer<OrderEvent> deserializer() {
      return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
      // Nothing to configure: the format is fixed.
    }

    @Override
    public void close() {
      // Stateless.
    }
  }
}
