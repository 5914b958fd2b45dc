package dev.tessera.stitcher.view;

import dev.tessera.records.DeadLetter;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view's reader: one consumer of {@code {prefix}frames}, {@code masks}, {@code objects}
 * and {@code dead-letters}, every partition assigned (no consumer group, nothing committed), read
 * from the end of each topic as it was when {@link #start} returned, {@code read_committed} so an
 * aborted stitch never shows. Each record goes into a {@link LiveState}; each change is pushed, as
 * a server-sent event, to every {@link Subscriber}. A record that cannot be decoded is skipped
 * (logged), so one bad record does not stop the view.
 *
 * <p>The front ends: the launcher's {@code tessera view} (JDK HTTP server) and the stitcher service
 * ({@code /view}), each mapping its requests to {@link #answer} and {@link #subscribe}.
 */
public final class LiveFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(200);
  /** How long the event streams may be silent before {@link LivePage#KEEP_ALIVE_COMMENT} is sent. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  /** A client of the event stream; called from the reader thread. */
  public interface Subscriber {

    /** Sends one event; false when the client is gone, and it is dropped (and {@link #end}ed). */
    boolean send(byte[] event);

    /** Ends the stream: the feed closes, or a send failed. */
    void end();
  }

  private final Topics topics;
  private final KafkaConsumer<String, byte[]> consumer;
  private final LiveState state = new LiveState();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;
  /** {@link System#nanoTime()} of the last event or keep-alive sent; read and written by the reader thread. */
  private long lastSent = System.nanoTime();

  private LiveFeed(Topics topics, KafkaConsumer<String, byte[]> consumer) {
    this.topics = topics;
    this.consumer = consumer;
    this.reader = new Thread(this::read, "tessera-view-reader");
    reader.setDaemon(true);
  }

  /**
   * Assigns every partition of frames, masks, objects, dead letters and (where it exists) tracks at
   * their end and starts reading: what is published after this returns is shown.
   *
   * @throws IllegalStateException naming a topic that does not exist on the cluster
   */
  public static LiveFeed start(KafkaSettings kafka, Topics topics) {
    Map<String, Object> props = new HashMap<>(kafka.consumer());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.frames().name(), topics.masks().name(), topics.objects().name(),
          topics.deadLetters().name(), topics.tracks().name())) {
        List<PartitionInfo> found = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (found == null || found.isEmpty()) {
          if (topic.equals(topics.tracks().name())) {
            LOG.info("Live view: no topic {} on {}, so no tracks shown", topic, kafka.bootstrapServers());
            continue;
          }
          throw new IllegalStateException("the live view reads topic " + topic + ", which does not exist on "
              + kafka.bootstrapServers());
        }
        found.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolves the end now, not at the first poll
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    LiveFeed feed = new LiveFeed(topics, consumer);
    feed.reader.start();
    return feed;
  }

  /** {@link LivePage#answer} on this feed's state, now. */
  public LivePage.Answer answer(String path, String acquisition) {
    return LivePage.answer(state, path, acquisition, System.nanoTime());
  }

  /** Sends {@code subscriber} the {@link LivePage#PRELUDE}, then every change until it is gone or the feed closes. */
  public void subscribe(Subscriber subscriber) {
    if (subscriber.send(LivePage.PRELUDE)) {
      subscribers.add(subscriber);
      if (!running) { // closed meanwhile: close() may have ended the others already
        remove(subscriber);
      }
    } else {
      subscriber.end();
    }
  }

  /** Stops sending to {@code subscriber} (its client went away). */
  public void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  /** How many clients follow the event stream. */
  public int subscribers() {
    return subscribers.size();
  }

  private void read() {
    try {
      while (running) {
        if (System.nanoTime() - lastSent > KEEP_ALIVE.toNanos()) {
          send(LivePage.KEEP_ALIVE_COMMENT);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          Optional<String> changed;
          try {
            changed = accept(r, System.nanoTime());
          } catch (RuntimeException e) {
            LOG.warn("Live view: skipped {}-{}@{} ({})", r.topic(), r.partition(), r.offset(), e.toString());
            continue;
          }
          changed.ifPresent(this::broadcast);
        }
      }
    } catch (WakeupException e) {
      // close(): stop reading
    } finally {
      consumer.close();
    }
  }

  /** Takes one record in; returns the JSON of the acquisition it changed. */
  private Optional<String> accept(ConsumerRecord<String, byte[]> r, long now) {
    if (r.topic().equals(topics.frames().name())) {
      state.frame(topics.frames().valueSerde().deserializer().deserialize(r.topic(), r.value()));
      return Optional.empty();
    }
    if (r.topic().equals(topics.masks().name())) {
      return Optional.of(state.mask(topics.masks().valueSerde().deserializer().deserialize(r.topic(), r.value()), now));
    }
    if (r.topic().equals(topics.objects().name())) {
      return state.objects(topics.objects().valueSerde().deserializer().deserialize(r.topic(), r.value()), now);
    }
    if (r.topic().equals(topics.tracks().name())) {
      return state.track(topics.tracks().valueSerde().deserializer().deserialize(r.topic(), r.value()), now);
    }
    DeadLetter d = topics.deadLetters().valueSerde().deserializer().deserialize(r.topic(), r.value());
    return state.deadLetter(r.key() != null ? r.key() : d.getKey(), now);
  }

  private void broadcast(String json) {
    send(LivePage.event(json));
  }

  private void send(byte[] event) {
    lastSent = System.nanoTime();
    for (Subscriber s : subscribers) {
      if (!s.send(event)) {
        remove(s);
      }
    }
  }

  private void remove(Subscriber s) {
    if (subscribers.remove(s)) {
      s.end();
    }
  }

  /** Stops reading (within a poll), closes the consumer and ends every event stream. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    subscribers.forEach(this::remove);
  }
}
