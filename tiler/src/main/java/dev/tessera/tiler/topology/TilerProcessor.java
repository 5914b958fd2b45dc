package dev.tessera.tiler.topology;

import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.Rejection;
import dev.tessera.schemas.Topics;
import dev.tessera.tiler.tiling.FrameTiler;
import dev.tessera.tiler.tiling.FrameTiles;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one frame record, cuts it and forwards its tiles, or forwards one dead letter. Frames
 * arrive as raw bytes and are decoded here, so a record that is not a Frame becomes a dead letter
 * with its source offset instead of stopping the stream.
 */
final class TilerProcessor implements Processor<String, byte[], String, SpecificRecord> {

  static final String STAGE = "tiler";

  private static final Logger LOG = LoggerFactory.getLogger(TilerProcessor.class);

  private final FrameTiler tiler;
  private final FrameDecoder frames;
  private final TilerEvents events;
  private final Clock clock;
  private ProcessorContext<String, SpecificRecord> context;

  TilerProcessor(FrameTiler tiler, Deserializer<Frame> frames, TilerEvents events, Clock clock) {
    this.tiler = tiler;
    this.frames = new FrameDecoder(frames);
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? null : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    byte[] value = record.value();
    if (value == null) {
      deadLetter(record, topic, partition, offset, new Rejection(DeadLetterError.INVALID_FRAME,
          "The record has no value (a tombstone); every record on the frames topic must be a Frame"));
      return;
    }
    FrameTiles tiles;
    try {
      Frame frame = frames.decode(topic, value);
      tiles = tiler.prepare(frame, partition, offset, clock.instant());
    } catch (SerializationException e) {
      deadLetter(record, topic, partition, offset, new Rejection(DeadLetterError.DESERIALIZATION, e.getMessage()));
      return;
    } catch (Rejection r) {
      deadLetter(record, topic, partition, offset, r);
      return;
    }
    // Forward outside the try: a failure to write a tile is Kafka's to handle (the task is retried
    // under exactly-once), never a reason to dead-letter a valid frame.
    String acquisition = tiles.frame().getAcquisitionId();
    long frameIndex = tiles.frame().getFrameIndex();
    for (int i = 0; i < tiles.tileCount(); i++) {
      context.forward(record.withKey(Topics.tileKey(acquisition, frameIndex, i)).withValue(tiles.tile(i)));
    }
    events.frameTiled(tiles.tileCount());
  }

  private void deadLetter(Record<String, byte[]> record, String topic, int partition, long offset, Rejection why) {
    LOG.warn("Dead-lettering the record at {}-{}@{} (key {}): {}: {}", topic, partition, offset, record.key(),
        why.errorType().code(), why.reason());
    DeadLetter letter = DeadLetters.of(STAGE, topic, partition, offset, record.key(), why.errorType(), why.reason(),
        record.value());
    context.forward(record.withValue((SpecificRecord) letter));
    events.deadLetter(why.errorType().code());
  }
}
