package dev.tessera.ingest.publish;

import dev.tessera.records.Frame;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads back what was published to one partition of the frames topic, from a remembered offset
 * to the end. The folder watcher uses it after a crash to learn which pages of the file it was
 * publishing reached the broker, so it publishes only the missing ones. No consumer group: it
 * assigns the partition itself and commits nothing.
 */
public final class FrameLog implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Consumer<String, byte[]> consumer;
  private final Topics topics;
  private final Deserializer<Frame> frames;
  private final boolean ownsConsumer;

  /** A frame found in the log: its identity and attributes, without pixels. */
  public record LoggedFrame(long offset, String acquisitionId, long frameIndex, Map<String, String> attributes) {}

  /** A log over an existing consumer (the caller keeps ownership). */
  public FrameLog(Consumer<String, byte[]> consumer, Topics topics) {
    this(consumer, topics, false);
  }

  private FrameLog(Consumer<String, byte[]> consumer, Topics topics, boolean owns) {
    this.consumer = consumer;
    this.topics = topics;
    this.frames = topics.frames().valueSerde().deserializer();
    this.ownsConsumer = owns;
  }

  /** A log with its own consumer, closed with the log. */
  public static FrameLog connect(KafkaSettings kafka, Topics topics) {
    Map<String, Object> props = new HashMap<>(kafka.consumer());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new FrameLog(new KafkaConsumer<>(props), topics, true);
  }

  /** The offset the next record written to {@code partition} of the frames topic will get. */
  public long endOffset(int partition) {
    TopicPartition tp = new TopicPartition(topics.frames().name(), partition);
    return consumer.endOffsets(Set.of(tp), TIMEOUT).get(tp);
  }

  /**
   * The frames of {@code acquisitionId} in {@code partition} from {@code fromOffset} to the
   * current end, in log order.
   */
  public List<LoggedFrame> framesSince(String acquisitionId, int partition, long fromOffset) {
    return framesBetween(acquisitionId, partition, fromOffset, endOffset(partition));
  }

  /** The frames of {@code acquisitionId} in {@code partition} at offsets {@code [fromOffset, end)}. */
  private List<LoggedFrame> framesBetween(String acquisitionId, int partition, long fromOffset, long end) {
    TopicPartition tp = new TopicPartition(topics.frames().name(), partition);
    List<LoggedFrame> found = new ArrayList<>();
    if (fromOffset >= end) {
      return found;
    }
    consumer.assign(Set.of(tp));
    consumer.seek(tp, fromOffset);
    try {
      while (consumer.position(tp, TIMEOUT) < end) {
        for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(500)).records(tp)) {
          if (rec.offset() >= end || !acquisitionId.equals(rec.key())) {
            continue;
          }
          Frame frame;
          try {
            frame = frames.deserialize(rec.topic(), rec.value());
          } catch (org.apache.kafka.common.errors.SerializationException e) {
            continue; // not a frame this ingest wrote; the tiler dead-letters it
          }
          found.add(new LoggedFrame(rec.offset(), frame.getAcquisitionId(), frame.getFrameIndex(),
              Map.copyOf(frame.getAttributes())));
        }
      }
    } finally {
      consumer.unsubscribe();
    }
    return found;
  }

  /**
   * One past the highest frame index of {@code acquisitionId} on the frames topic, 0 when it has
   * none. Reads the tail of the acquisition's partition (where the default partitioner puts its
   * key), a window of records at a time from the end, widening the window until a frame of the
   * acquisition is found or the partition's start is reached: an acquisition being uploaded to
   * costs a read of its last frames, not of the whole topic.
   */
  public long nextFrameIndex(String acquisitionId) {
    int partitions = consumer.partitionsFor(topics.frames().name(), TIMEOUT).size();
    int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
        acquisitionId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    long end = endOffset(partition);
    long begin = beginningOffset(partition);
    long window = 16;
    long from = end;
    while (from > begin) {
      long start = Math.max(begin, from - window);
      List<LoggedFrame> found = framesBetween(acquisitionId, partition, start, from);
      if (!found.isEmpty()) {
        return found.stream().mapToLong(LoggedFrame::frameIndex).max().orElseThrow() + 1;
      }
      from = start;
      window *= 4;
    }
    return 0;
  }

  private long beginningOffset(int partition) {
    TopicPartition tp = new TopicPartition(topics.frames().name(), partition);
    return consumer.beginningOffsets(Set.of(tp), TIMEOUT).get(tp);
  }

  @Override
  public void close() {
    if (ownsConsumer) {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
    }
  }
}
