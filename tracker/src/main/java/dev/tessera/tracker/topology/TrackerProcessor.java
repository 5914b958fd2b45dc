package dev.tessera.tracker.topology;

import dev.tessera.imaging.tracking.Linker;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Track;
import dev.tessera.records.TrackEvent;
import dev.tessera.records.TrackSpan;
import dev.tessera.records.TrackSummary;
import dev.tessera.records.TrackedCell;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.Rejection;
import dev.tessera.schemas.Topics;
import dev.tessera.schemas.Wire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Links each acquisition's frames into tracks, one frame at a time and in frame order.
 *
 * <p>A frame's mask and object table arrive on two topics keyed by acquisition id (so on the same
 * task). Each is stored in {@link TrackerTopology#PENDING_STORE} under (acquisition, frame index,
 * kind) until its other half is there; the lowest pending frame of an acquisition is then checked
 * ({@link FramePair}) and linked by a {@link Linker} resumed from the acquisition's state in
 * {@link TrackerTopology#ACQUISITIONS_STORE} and stored back; each track's span goes to {@link
 * TrackerTopology#TRACKS_STORE}. A frame whose half never comes blocks its acquisition for at most
 * {@link TrackerSettings#pairTimeout()} of stream time.
 *
 * <p>Rejections, each one dead letter, and the stream goes on: undecodable values, keys that are
 * not the record's acquisition id, records of a frame at or before the last one tracked
 * ({@code frame-out-of-order}), object tables that contradict their masks, masks without instance
 * labels, halves left unpaired. A frame index skipped is reported ({@code missing-frames}) with
 * the frame after it, which is tracked.
 *
 * <p>Wall-clock punctuation publishes a {@link TrackSummary} for each acquisition quiet for
 * {@link TrackerSettings#summaryAfter()} and forgets one quiet for {@link TrackerSettings#retention()}.
 */
final class TrackerProcessor implements Processor<String, byte[], String, Object> {

  private static final String STAGE = "tracker";
  private static final int MASK = 0;
  private static final int OBJECTS = 1;

  private final Topics topics;
  private final TrackerSettings settings;
  private final TrackerListener listener;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<Bytes, byte[]> pending;
  private KeyValueStore<Bytes, byte[]> acquisitions;
  private KeyValueStore<Bytes, byte[]> tracks;
  /** Acquisitions with state on this task, as reported to the listener (given back on close). */
  private int acquisitionsHere;

  TrackerProcessor(Topics topics, TrackerSettings settings, TrackerListener listener) {
    this.topics = topics;
    this.settings = settings;
    this.listener = listener;
  }

  /** What both halves of a frame tell about it. */
  private record Head(String acquisitionId, long frameIndex, String modelId, String what) {}

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.pending = context.getStateStore(TrackerTopology.PENDING_STORE);
    this.acquisitions = context.getStateStore(TrackerTopology.ACQUISITIONS_STORE);
    this.tracks = context.getStateStore(TrackerTopology.TRACKS_STORE);
    int known = 0;
    try (KeyValueIterator<Bytes, byte[]> it = acquisitions.all()) {
      for (; it.hasNext(); it.next()) {
        known++;
      }
    }
    acquisitionsChanged(known);
    context.schedule(settings.punctuateInterval(), PunctuationType.STREAM_TIME, this::expirePairs);
    context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::summarize);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    long now = context.currentSystemTimeMs();
    RecordMetadata source = context.recordMetadata().orElseThrow();
    int kind = source.topic().equals(topics.masks().name()) ? MASK : OBJECTS;
    Head head;
    try {
      head = head(kind, record.value());
    } catch (SerializationException e) {
      dead(record.key(), source.topic(), source.partition(), source.offset(), record.value(),
          new Rejection(DeadLetterError.DESERIALIZATION, e.getMessage()));
      return;
    }
    if (!head.acquisitionId().equals(record.key())) {
      dead(record.key(), source.topic(), source.partition(), source.offset(), record.value(),
          new Rejection(DeadLetterError.WRONG_KEY, "the record key '" + record.key() + "' is not the acquisition id '"
              + head.acquisitionId() + "' of the " + head.what() + " it carries"));
      return;
    }
    Bytes acqKey = StoreKeys.acquisition(head.acquisitionId());
    byte[] stored = acquisitions.get(acqKey);
    AcquisitionEntry entry = stored == null ? null : AcquisitionEntry.fromBytes(stored);
    if (entry != null && entry.started() && head.frameIndex() <= entry.lastFrame()) {
      dead(record.key(), source.topic(), source.partition(), source.offset(), record.value(),
          new Rejection(DeadLetterError.FRAME_OUT_OF_ORDER, "the " + head.what() + " of frame " + head.frameIndex()
              + " of acquisition '" + head.acquisitionId() + "' arrived after frame " + entry.lastFrame()
              + " was tracked; tracks are not rewritten, so it is not tracked"));
      if (kind == MASK) {
        acquisitions.put(acqKey, entry.rejected().toBytes());
      }
      return;
    }
    pending.put(StoreKeys.pending(head.acquisitionId(), head.frameIndex(), kind), new Pending(head.acquisitionId(),
        record.timestamp(), source.topic(), source.partition(), source.offset(), record.value()).toBytes());
    drain(head.acquisitionId(), now);
  }

  /** Tracks the acquisition's lowest pending frames while both their halves are there. */
  private void drain(String acquisitionId, long now) {
    while (true) {
      Map<Integer, Pending> lowest = new HashMap<>();
      long frame = -1;
      try (KeyValueIterator<Bytes, byte[]> it = pending.range(StoreKeys.rangeStart(acquisitionId),
          StoreKeys.rangeEnd(acquisitionId))) {
        while (it.hasNext()) {
          KeyValue<Bytes, byte[]> kv = it.next();
          long f = StoreKeys.frameIndexOf(kv.key);
          if (!lowest.isEmpty() && f != frame) {
            break;
          }
          frame = f;
          lowest.put(StoreKeys.kindOf(kv.key), Pending.fromBytes(kv.value));
        }
      }
      if (lowest.size() < 2) {
        return;
      }
      pending.delete(StoreKeys.pending(acquisitionId, frame, MASK));
      pending.delete(StoreKeys.pending(acquisitionId, frame, OBJECTS));
      track(lowest.get(MASK), lowest.get(OBJECTS), now);
    }
  }

  private void track(Pending maskRecord, Pending objectsRecord, long now) {
    Mask mask = topics.masks().valueSerde().deserializer().deserialize(maskRecord.topic(), maskRecord.value());
    ObjectTable objects = topics.objects().valueSerde().deserializer()
        .deserialize(objectsRecord.topic(), objectsRecord.value());
    String acq = mask.getAcquisitionId();
    long frame = mask.getFrameIndex();
    Bytes acqKey = StoreKeys.acquisition(acq);
    byte[] stored = acquisitions.get(acqKey);
    if (stored == null) {
      acquisitionsChanged(1);
    }
    AcquisitionEntry entry = stored == null ? AcquisitionEntry.start(mask.getModelId())
        : AcquisitionEntry.fromBytes(stored);
    long missing = reportGap(entry, acq, frame, maskRecord);
    int[] labels;
    try {
      labels = FramePair.labels(mask, objects);
    } catch (Rejection r) {
      dead(acq, maskRecord.topic(), maskRecord.partition(), maskRecord.offset(), maskRecord.value(), r);
      acquisitions.put(acqKey, entry.reached(frame, now, false, missing, 0, entry.linker(), mask.getModelId())
          .toBytes());
      return;
    }
    Linker linker = Linker.resume(settings.linking(), entry.linker());
    Linker.FrameLinks links = linker.next(frame, labels);
    Map<Integer, Linker.Track> byId = new HashMap<>();
    for (Linker.Track t : links.updated()) {
      byId.put(t.id(), t);
      tracks.put(StoreKeys.track(acq, t.id()), new Wire.Writer(20).writeLong(t.begin()).writeLong(t.end())
          .writeInt(t.parent()).toByteArray());
    }
    Set<Integer> resumed = Set.copyOf(links.resumed());
    List<TrackedCell> cells = new ArrayList<>();
    int started = 0;
    for (Map.Entry<Integer, Integer> e : new TreeMap<>(links.trackOfLabel()).entrySet()) {
      Linker.Track t = byId.get(e.getValue());
      TrackEvent event = resumed.contains(t.id()) ? TrackEvent.RESUME : t.begin() != frame ? TrackEvent.CONTINUE
          : t.parent() != 0 ? TrackEvent.DIVISION : TrackEvent.START;
      started += event == TrackEvent.START ? 1 : 0;
      cells.add(new TrackedCell(e.getKey(), t.id(), t.parent(), event));
    }
    Track out = Track.newBuilder().setAcquisitionId(acq).setFrameIndex(frame).setModelId(mask.getModelId())
        .setModelSha256(mask.getModelSha256()).setCapturedAt(mask.getCapturedAt()).setTrackedAt(Instant.ofEpochMilli(now))
        .setCells(cells).setDivisions(links.divisions())
        .setEnded(links.ended().stream().map(TrackerProcessor::span).toList()).build();
    context.forward(new Record<>(acq, out, now), TrackerTopology.TRACKS_SINK);
    acquisitions.put(acqKey, entry.reached(frame, now, true, missing, links.divisions().size(), linker.state(),
        mask.getModelId()).toBytes());
    listener.frameTracked(now - mask.getCapturedAt().toEpochMilli(), cells.size(), started, links.divisions().size());
  }

  /** Reports the frame indices skipped before {@code frame}; returns how many. */
  private long reportGap(AcquisitionEntry entry, String acq, long frame, Pending at) {
    long missing = entry.started() ? frame - entry.lastFrame() - 1 : 0;
    if (missing > 0) {
      String skipped = missing == 1 ? "frame " + (entry.lastFrame() + 1)
          : "frames " + (entry.lastFrame() + 1) + "-" + (frame - 1);
      String carried = missing <= settings.linking().maxGap() ? "tracks are carried across the gap"
          : "the gap is longer than max-gap=" + settings.linking().maxGap() + ", so every track ends before it";
      DeadLetter letter = letter(acq, at.topic(), at.partition(), at.offset(), null,
          new Rejection(DeadLetterError.MISSING_FRAMES, skipped + " of acquisition '" + acq + "' never reached the"
              + " tracker before frame " + frame + "; frame " + frame + " is tracked and " + carried));
      letter.setOriginalReference(at.topic() + "-" + at.partition() + "@" + at.offset());
      emit(acq, letter);
    }
    return missing;
  }

  /** Stream-time punctuation: halves that waited too long for their other half are dead-lettered. */
  private void expirePairs(long streamTime) {
    long now = context.currentSystemTimeMs();
    List<KeyValue<Bytes, Pending>> expired = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        Pending p = Pending.fromBytes(kv.value);
        if (p.timestampMs() + settings.pairTimeout().toMillis() <= streamTime) {
          expired.add(KeyValue.pair(kv.key, p));
        }
      }
    }
    Set<String> touched = new LinkedHashSet<>();
    for (KeyValue<Bytes, Pending> kv : expired) {
      Pending p = kv.value;
      pending.delete(kv.key);
      int kind = StoreKeys.kindOf(kv.key);
      Head head = head(kind, p.value());
      String other = kind == MASK ? "object table" : "mask";
      Bytes acqKey = StoreKeys.acquisition(p.acquisitionId());
      byte[] stored = acquisitions.get(acqKey);
      if (stored == null) {
        acquisitionsChanged(1);
      }
      AcquisitionEntry entry = stored == null ? AcquisitionEntry.start(head.modelId())
          : AcquisitionEntry.fromBytes(stored);
      long missing = reportGap(entry, p.acquisitionId(), head.frameIndex(), p);
      dead(p.acquisitionId(), p.topic(), p.partition(), p.offset(), p.value(), new Rejection(
          DeadLetterError.UNPAIRED_FRAME, "the " + head.what() + " of frame " + head.frameIndex() + " of acquisition '"
              + p.acquisitionId() + "' waited " + format(settings.pairTimeout()) + " (stream time) for its " + other
              + "; the frame is not tracked"));
      // the frame reached the tracker, half of it: the frames after it are not missing it
      acquisitions.put(acqKey, entry.reached(head.frameIndex(), now, false, missing, 0, entry.linker(),
          entry.modelId()).toBytes());
      touched.add(p.acquisitionId());
    }
    touched.forEach(acq -> drain(acq, now));
  }

  /** Wall-clock punctuation: summaries of quiet acquisitions; acquisitions quiet beyond retention forgotten. */
  private void summarize(long now) {
    List<String> quiet = new ArrayList<>();
    List<String> forgotten = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = acquisitions.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        AcquisitionEntry entry = AcquisitionEntry.fromBytes(kv.value);
        String acq = new String(kv.key.get(), StandardCharsets.UTF_8);
        if (now - entry.lastFrameAtMs() >= settings.retention().toMillis()) {
          forgotten.add(acq);
        } else if (!entry.summarized() && now - entry.lastFrameAtMs() >= settings.summaryAfter().toMillis()) {
          quiet.add(acq);
        }
      }
    }
    for (String acq : quiet) {
      Bytes acqKey = StoreKeys.acquisition(acq);
      AcquisitionEntry entry = AcquisitionEntry.fromBytes(acquisitions.get(acqKey));
      List<TrackSpan> spans = spans(acq);
      TrackSummary summary = TrackSummary.newBuilder().setAcquisitionId(acq).setModelId(entry.modelId())
          .setFirstFrameIndex(entry.firstFrame()).setLastFrameIndex(entry.lastFrame())
          .setFramesTracked(entry.framesTracked()).setFramesRejected(entry.framesRejected())
          .setFramesMissing(entry.framesMissing()).setDivisions(entry.divisions()).setTracks(spans)
          .setSummarizedAt(Instant.ofEpochMilli(now)).build();
      context.forward(new Record<>(acq, summary, now), TrackerTopology.SUMMARIES_SINK);
      acquisitions.put(acqKey, entry.summarizedNow().toBytes());
      listener.summaryPublished(spans.size());
    }
    for (String acq : forgotten) {
      List<Bytes> keys = new ArrayList<>();
      try (KeyValueIterator<Bytes, byte[]> it = tracks.range(StoreKeys.rangeStart(acq), StoreKeys.rangeEnd(acq))) {
        it.forEachRemaining(kv -> keys.add(kv.key));
      }
      keys.forEach(tracks::delete);
      acquisitions.delete(StoreKeys.acquisition(acq));
      acquisitionsChanged(-1);
    }
  }

  private void acquisitionsChanged(int delta) {
    acquisitionsHere += delta;
    listener.acquisitionsChanged(delta);
  }

  @Override
  public void close() {
    acquisitionsChanged(-acquisitionsHere);
  }

  private List<TrackSpan> spans(String acq) {
    List<TrackSpan> spans = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = tracks.range(StoreKeys.rangeStart(acq), StoreKeys.rangeEnd(acq))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        byte[] k = kv.key.get();
        int id = ByteBuffer.wrap(k, k.length - 4, 4).getInt();
        Wire.Reader in = new Wire.Reader(kv.value);
        spans.add(new TrackSpan(id, in.readLong(), in.readLong(), in.readInt()));
      }
    }
    return spans;
  }

  private Head head(int kind, byte[] value) {
    String what = kind == MASK ? "mask" : "object table";
    if (value == null) {
      throw new SerializationException("the value is null (a tombstone), not a" + (kind == MASK ? " Mask" : "n ObjectTable"));
    }
    if (kind == MASK) {
      Mask m = topics.masks().valueSerde().deserializer().deserialize(topics.masks().name(), value);
      return new Head(m.getAcquisitionId(), m.getFrameIndex(), m.getModelId(), what);
    }
    ObjectTable o = topics.objects().valueSerde().deserializer().deserialize(topics.objects().name(), value);
    return new Head(o.getAcquisitionId(), o.getFrameIndex(), o.getModelId(), what);
  }

  private static TrackSpan span(Linker.Track t) {
    return new TrackSpan(t.id(), t.begin(), t.end(), t.parent());
  }

  private void dead(String key, String topic, int partition, long offset, byte[] value, Rejection r) {
    emit(key, letter(key, topic, partition, offset, value, r));
  }

  private DeadLetter letter(String key, String topic, int partition, long offset, byte[] value, Rejection r) {
    DeadLetter letter = DeadLetters.of(STAGE, topic, partition, offset, key, r.errorType(), r.reason(), value);
    letter.setFailedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()));
    return letter;
  }

  private void emit(String key, DeadLetter letter) {
    context.forward(new Record<>(key, letter, context.currentSystemTimeMs()), TrackerTopology.DEAD_LETTERS_SINK);
    listener.deadLetter(letter.getErrorType());
  }

  private static String format(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
