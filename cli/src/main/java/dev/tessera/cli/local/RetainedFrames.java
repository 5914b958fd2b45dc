package dev.tessera.cli.local;

import dev.tessera.cli.output.MaskWriter;
import dev.tessera.records.Frame;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The frames of an acquisition still retained on a frames topic, to segment them again (replay):
 * one pass counts them and notes their attributes, a second hands them out one at a time under a
 * new acquisition id, so nothing but the frames in flight is in memory. Each frame index counts
 * once (the first record of it); the acquisition's frames share one partition (their key), so they
 * come in the order they were published.
 */
public final class RetainedFrames {

  /** The attribute naming the acquisition a replayed frame was first published under. */
  public static final String REPLAY_OF_ATTRIBUTE = "tessera.replay-of";

  private RetainedFrames() {}

  /**
   * The retained frames of {@code acquisitionId} on {@code source}'s frames topic, republished as
   * {@code replayId} with {@link #REPLAY_OF_ATTRIBUTE} set.
   *
   * @throws IllegalArgumentException when the topic holds no frame of that acquisition (never
   *     published there, or older than the topic's retention)
   */
  public static FrameSource of(KafkaSettings kafka, Topics source, String acquisitionId, String replayId) {
    Map<Long, Map<String, String>> attributes = new LinkedHashMap<>();
    try (Scan scan = new Scan(kafka, source, acquisitionId)) {
      while (scan.hasNext()) {
        Frame f = scan.next();
        Map<String, String> a = new HashMap<>(f.getAttributes());
        a.put(REPLAY_OF_ATTRIBUTE, acquisitionId);
        attributes.put(f.getFrameIndex(), Map.copyOf(a));
      }
    }
    if (attributes.isEmpty()) {
      throw new IllegalArgumentException("No frame of acquisition " + acquisitionId + " is retained on "
          + source.frames().name() + " (never published there, or older than the topic's retention)");
    }
    Iterable<Frame> frames = () -> new Iterator<>() {
      private final Scan scan = new Scan(kafka, source, acquisitionId);

      @Override
      public boolean hasNext() {
        boolean more = scan.hasNext();
        if (!more) {
          scan.close();
        }
        return more;
      }

      @Override
      public Frame next() {
        Frame f = scan.next();
        return Frame.newBuilder(f).setAcquisitionId(replayId).setAttributes(attributes.get(f.getFrameIndex()))
            .build();
      }
    };
    return new FrameSource(replayId, attributes.size(), MaskWriter.names(attributes), frames);
  }

  /** The acquisition's frames on the frames topic, each frame index once (its first record). */
  private static final class Scan implements Iterator<Frame>, AutoCloseable {
    private final Topics topics;
    private final String acquisitionId;
    private final KeyScan records;
    private final Set<Long> seen = new HashSet<>();
    private Frame ready;

    Scan(KafkaSettings kafka, Topics topics, String acquisitionId) {
      this.topics = topics;
      this.acquisitionId = acquisitionId;
      this.records = new KeyScan(kafka, List.of(topics.frames().name()), acquisitionId, 4);
    }

    @Override
    public boolean hasNext() {
      while (ready == null && records.hasNext()) {
        ConsumerRecord<String, byte[]> r = records.next();
        Frame f = topics.frames().valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (f.getAcquisitionId().equals(acquisitionId) && seen.add(f.getFrameIndex())) {
          ready = f;
        }
      }
      return ready != null;
    }

    @Override
    public Frame next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Frame f = ready;
      ready = null;
      return f;
    }

    @Override
    public void close() {
      records.close();
    }
  }
}
