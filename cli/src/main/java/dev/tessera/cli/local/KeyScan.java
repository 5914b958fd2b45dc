package dev.tessera.cli.local;

import dev.tessera.schemas.KafkaSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The records of one key, or of the keys a predicate accepts ({@link #matching}), retained on some
 * topics, {@code read_committed}, from each topic's beginning to the end it had when the scan
 * started (what is published meanwhile is not waited for); per partition in offset order, so one
 * key's records come in the order they were published. A few records at a time: nothing but the
 * records handed out is in memory.
 */
public final class KeyScan implements Iterator<ConsumerRecord<String, byte[]>>, AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

  private final Predicate<String> keys;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<TopicPartition, Long> end;
  private final ArrayDeque<ConsumerRecord<String, byte[]>> ready = new ArrayDeque<>();
  private boolean closed;

  /**
   * @param maxPollRecords records fetched at a time (a few for large values such as frames)
   * @throws IllegalArgumentException naming a topic the cluster does not have
   */
  public KeyScan(KafkaSettings kafka, List<String> topics, String key, int maxPollRecords) {
    this(kafka, topics, Objects.requireNonNull(key, "key")::equals, maxPollRecords);
  }

  /**
   * The records whose key {@code keys} accepts (it is given null for a record without a key), all
   * other records skipped as they are read.
   *
   * @param maxPollRecords records fetched at a time (a few for large values such as frames)
   * @throws IllegalArgumentException naming a topic the cluster does not have
   */
  public static KeyScan matching(KafkaSettings kafka, List<String> topics, Predicate<String> keys,
      int maxPollRecords) {
    return new KeyScan(kafka, topics, keys, maxPollRecords);
  }

  private KeyScan(KafkaSettings kafka, List<String> topics, Predicate<String> keys, int maxPollRecords) {
    this.keys = Objects.requireNonNull(keys, "keys");
    Map<String, Object> props = new HashMap<>(kafka.consumer());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        var found = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (found == null || found.isEmpty()) {
          throw new IllegalArgumentException("topic " + topic + " does not exist on " + kafka.bootstrapServers());
        }
        found.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !closed && !atEnd()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        if (keys.test(r.key()) && r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
          ready.add(r);
        }
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public ConsumerRecord<String, byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private boolean atEnd() {
    // position() never passes the end: read_committed stops at the last stable offset
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      consumer.close();
    }
  }
}
