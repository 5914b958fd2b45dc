package dev.tessera.cli.local;

import dev.tessera.records.DeadLetter;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Track;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the pipeline's outputs for one acquisition, as a downstream consumer would: masks, object
 * tables, dead letters and (when asked) tracks, {@code read_committed}, from the end of each topic
 * as it was when the collector was created (so earlier runs kept in the broker's log are not read
 * again).
 *
 * <p>A frame is finished when both its mask and its object table are in, or when a frame-level
 * dead letter names it: the tiler's (key = acquisition id) or the stitcher's (key =
 * {@code acq/frame}). Tile-level dead letters ({@code acq/frame/tile}) are counted but do not
 * finish a frame; the stitcher times that frame out later. The tracker's dead letters are counted
 * too; they finish nothing (its frames were finished by their masks).
 */
public final class ResultCollector implements AutoCloseable {

  private final Topics topics;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Consumer<Track> onTrack;
  private final java.util.Set<Long> tracked = new java.util.HashSet<>();

  /** A collector of masks, object tables and dead letters. */
  public ResultCollector(KafkaSettings kafka, Topics topics) {
    this(kafka, topics, null);
  }

  /**
   * A collector that also reads the tracks topic and hands each of the acquisition's {@code Track}
   * records to {@code onTrack} (on the collecting thread); null reads no tracks.
   */
  public ResultCollector(KafkaSettings kafka, Topics topics, Consumer<Track> onTrack) {
    this.topics = topics;
    this.onTrack = onTrack;
    Map<String, Object> props = new HashMap<>(kafka.consumer());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    List<String> read = new ArrayList<>(List.of(topics.masks().name(), topics.objects().name(),
        topics.deadLetters().name()));
    if (onTrack != null) {
      read.add(topics.tracks().name());
    }
    for (String topic : read) {
      consumer.partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fix the start now, before any frame is published
  }

  /**
   * Collects until {@code frames} frames of {@code acquisitionId} are finished or {@code idle}
   * passes without any new result.
   *
   * @param onFrame called once per finished frame with its mask (null when the frame was dead-lettered)
   */
  public Results collect(String acquisitionId, int frames, Duration idle, Consumer<FrameResult> onFrame) {
    return collect(acquisitionId, frames, idle, onFrame, () -> false);
  }

  /** {@link #collect(String, int, Duration, Consumer)} that also stops when {@code stop} says so. */
  public Results collect(String acquisitionId, int frames, Duration idle, Consumer<FrameResult> onFrame,
      java.util.function.BooleanSupplier stop) {
    Results results = new Results(acquisitionId);
    long lastProgress = System.nanoTime();
    while (results.finishedFrames() < frames && System.nanoTime() - lastProgress < idle.toNanos()
        && !stop.getAsBoolean()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (accept(results, r, onFrame)) {
          lastProgress = System.nanoTime();
        }
      }
    }
    return results;
  }

  /**
   * After {@link #collect}: goes on reading until the tracks of {@code frames} frames of the
   * acquisition have come, or {@code idle} passes without one.
   *
   * @return how many frames' tracks came in all
   */
  public int awaitTracks(Results results, int frames, Duration idle) {
    long lastProgress = System.nanoTime();
    while (tracked.size() < frames && System.nanoTime() - lastProgress < idle.toNanos()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (accept(results, r, f -> {}) && r.topic().equals(topics.tracks().name())) {
          lastProgress = System.nanoTime();
        }
      }
    }
    return tracked.size();
  }

  private boolean accept(Results results, ConsumerRecord<String, byte[]> r, Consumer<FrameResult> onFrame) {
    String acq = results.acquisitionId;
    String key = r.key() == null ? "" : r.key();
    if (r.topic().equals(topics.masks().name()) && key.equals(acq)) {
      Mask mask = topics.masks().valueSerde().deserializer().deserialize(r.topic(), r.value());
      results.pendingMasks.put(mask.getFrameIndex(), mask);
      results.receivedNanos.put(mask.getFrameIndex(), System.nanoTime());
      finishIfComplete(results, mask.getFrameIndex(), onFrame);
      return true;
    }
    if (r.topic().equals(topics.objects().name()) && key.equals(acq)) {
      ObjectTable table = topics.objects().valueSerde().deserializer().deserialize(r.topic(), r.value());
      results.pendingObjects.put(table.getFrameIndex(), table);
      finishIfComplete(results, table.getFrameIndex(), onFrame);
      return true;
    }
    if (onTrack != null && r.topic().equals(topics.tracks().name()) && key.equals(acq)) {
      Track track = topics.tracks().valueSerde().deserializer().deserialize(r.topic(), r.value());
      if (tracked.add(track.getFrameIndex())) {
        onTrack.accept(track);
      }
      return true;
    }
    if (r.topic().equals(topics.deadLetters().name()) && (key.equals(acq) || key.startsWith(acq + "/"))) {
      DeadLetter letter = topics.deadLetters().valueSerde().deserializer().deserialize(r.topic(), r.value());
      results.deadLetters.add(letter);
      int depth = key.split("/", -1).length - acq.split("/", -1).length;
      // frame-level: the tiler's (depth 0) or the stitcher's (depth 1); not the tracker's
      if (depth <= 1 && !letter.getStage().equals("tracker")) {
        results.deadFrames++;
        onFrame.accept(new FrameResult(-1, null, null, letter));
      }
      return true;
    }
    return false;
  }

  /** A frame whose mask and object table are both in is handed on and forgotten, so memory stays flat. */
  private static void finishIfComplete(Results results, long frame, Consumer<FrameResult> onFrame) {
    Mask mask = results.pendingMasks.get(frame);
    ObjectTable table = results.pendingObjects.get(frame);
    if (mask != null && table != null && results.finished.add(frame)) {
      results.pendingMasks.remove(frame);
      results.pendingObjects.remove(frame);
      results.tiles += mask.getTileCount();
      results.cells += table.getCells().size();
      onFrame.accept(new FrameResult(frame, mask, table, null));
    }
  }

  @Override
  public void close() {
    consumer.close();
  }

  /** One finished frame: its mask and objects, or the dead letter that ended it. */
  public record FrameResult(long frameIndex, Mask mask, ObjectTable objects, DeadLetter deadLetter) {}

  /**
   * What was collected for one acquisition: counts and latencies, not the masks themselves (each
   * finished frame goes to the caller's callback and is dropped here).
   */
  public static final class Results {
    private final String acquisitionId;
    final Map<Long, Mask> pendingMasks = new HashMap<>();
    final Map<Long, ObjectTable> pendingObjects = new HashMap<>();
    final Map<Long, Long> receivedNanos = new HashMap<>();
    final java.util.Set<Long> finished = new java.util.HashSet<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    int deadFrames;
    long tiles;
    long cells;

    Results(String acquisitionId) {
      this.acquisitionId = acquisitionId;
    }

    public int finishedFrames() {
      return finished.size() + deadFrames;
    }

    /** Frames that came back with both a mask and an object table. */
    public int completeFrames() {
      return finished.size();
    }

    /** Tiles of the complete frames. */
    public long tiles() {
      return tiles;
    }

    /** Cells of the complete frames. */
    public long cells() {
      return cells;
    }

    public List<DeadLetter> deadLetters() {
      return deadLetters;
    }

    /** {@link System#nanoTime()} at which each frame's mask was read. */
    public Map<Long, Long> receivedNanos() {
      return receivedNanos;
    }
  }
}
