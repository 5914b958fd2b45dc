package dev.tessera.stitcher.topology;

import dev.tessera.records.ObjectTable;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.topology.OrderState.Acquisition;
import dev.tessera.stitcher.topology.OrderState.Frame;
import dev.tessera.stitcher.topology.OrderState.FrameStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ordering stage: publishes each acquisition's finished frames in frame order. It reads the
 * assembling stage's {@link OrderEvent}s re-keyed by acquisition id, so one task sees all frames
 * of an acquisition whichever tile-masks partitions they were stitched on.
 *
 * <p>A frame's predecessors are the frames of its acquisition with a lower index that are not
 * yet out (published or abandoned). Frame indices are monotonic per acquisition but may have
 * gaps, so the ordering stage tracks the next index it may publish, starting at the lowest index
 * seen before the first publication. A finished frame is held (its encoded records in {@link
 * StitcherTopology#ORDER_HELD_STORE}) until every predecessor is out. A predecessor that was seen
 * (its first tile arrived) is waited for until it finishes or the assembling stage abandons it
 * (its own frame timeout); an index never seen, a gap in the numbering or a frame none of whose
 * tiles has arrived yet, is waited for {@link StitcherSettings#orderGrace()} after the frame
 * behind it finished, then skipped. Before an acquisition's first publication every index below
 * the first one seen counts as never seen, except that nothing precedes frame 0: a first frame
 * 0 is published at once, a first frame 5 after the grace. When more than {@link
 * StitcherSettings#maxOpenFrames()} finished frames are held, the acquisition of the one held
 * longest skips ahead to its first held frame.
 *
 * <p>A completed mask is never dropped: a frame that finishes after its successors were published
 * (it was skipped, or waited for longer than the grace) is published at once, out of order, its
 * mask and object table carrying the header {@link #OUT_OF_ORDER_HEADER} so a tracker can tell.
 * Only frames the assembling stage abandoned (dead-lettered with their reason) are skipped.
 */
final class OrderProcessor implements Processor<String, OrderEvent, String, StitcherOutput> {

  /** Header of a mask and object table published after their acquisition's later frames; value "true". */
  static final String OUT_OF_ORDER_HEADER = "tessera.out-of-order";

  private final Topics topics;
  private final StitcherSettings settings;
  private final StitcherListener listener;
  private ProcessorContext<String, StitcherOutput> context;
  private KeyValueStore<Bytes, byte[]> acquisitions;
  private KeyValueStore<Bytes, byte[]> frames;
  private KeyValueStore<Bytes, byte[]> held;
  private Cancellable punctuator;
  private int heldFrames;

  OrderProcessor(Topics topics, StitcherSettings settings, StitcherListener listener) {
    this.topics = topics;
    this.settings = settings;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, StitcherOutput> context) {
    this.context = context;
    this.acquisitions = context.getStateStore(StitcherTopology.ORDER_ACQUISITIONS_STORE);
    this.frames = context.getStateStore(StitcherTopology.ORDER_FRAMES_STORE);
    this.held = context.getStateStore(StitcherTopology.ORDER_HELD_STORE);
    try (KeyValueIterator<Bytes, byte[]> it = held.all()) {
      it.forEachRemaining(kv -> heldFrames++);
    }
    listener.heldFramesChanged(heldFrames);
    punctuator = context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, OrderEvent> record) {
    long now = context.currentSystemTimeMs();
    String acq = record.key();
    OrderEvent event = record.value();
    Bytes acqKey = StoreKeys.acquisitionKey(acq);
    byte[] stored = acquisitions.get(acqKey);
    Acquisition state = stored == null ? new Acquisition(acq, 0, false, false, now) : Acquisition.fromBytes(stored);
    state.lastActivityMs = now;
    state.see(event.frameIndex());
    Bytes frameKey = StoreKeys.frame(acq, event.frameIndex());
    boolean late = event.frameIndex() < state.next;
    if (event instanceof OrderEvent.Opened) {
      if (!late && frames.get(frameKey) == null) {
        frames.put(frameKey, new Frame(FrameStatus.OPEN, now).toBytes());
      }
    } else if (event instanceof OrderEvent.Abandoned) {
      if (late) {
        frames.delete(frameKey);
      } else {
        frames.put(frameKey, new Frame(FrameStatus.ABANDONED, now).toBytes());
      }
    } else if (event instanceof OrderEvent.Finished finished) {
      if (late) {
        frames.delete(frameKey);
        publishOutOfOrder(state, finished, now);
      } else {
        frames.put(frameKey, new Frame(FrameStatus.HELD, now).toBytes());
        held.put(frameKey, new OrderEvent.WireSerde().serialize(null, finished));
        heldFrames++;
        listener.heldFramesChanged(1);
      }
    }
    drain(state, now);
    acquisitions.put(acqKey, state.toBytes());
    while (heldFrames > settings.maxOpenFrames()) {
      skipAheadOldest(now);
    }
  }

  /** Publishes the acquisition's frames whose turn has come; returns whether any turn passed. */
  private boolean drain(Acquisition state, long now) {
    long grace = settings.orderGrace().toMillis();
    boolean moved = false;
    while (true) {
      KeyValue<Bytes, byte[]> first = firstFrom(state.acquisitionId, state.next);
      if (first == null) {
        return moved;
      }
      long index = StoreKeys.frameIndexOf(first.key);
      Frame frame = Frame.fromBytes(first.value);
      if (frame.status() == FrameStatus.OPEN) {
        return moved;
      }
      // Wait a little for indices never seen: those between the next expected index and this
      // one, or, before anything is published, those below the first index seen (an acquisition
      // starts at 0; one picked up midway may have earlier frames still on their way).
      boolean unseenBefore = index > state.next || (!state.published && index != 0);
      if (unseenBefore && now - frame.sinceMs() < grace) {
        return moved;
      }
      moved = true;
      frames.delete(first.key);
      state.next = index + 1;
      if (frame.status() == FrameStatus.HELD) {
        publish(state, first.key, now);
      }
    }
  }

  private void publish(Acquisition state, Bytes frameKey, long now) {
    OrderEvent.Finished finished = (OrderEvent.Finished) new OrderEvent.WireSerde().deserialize(null, held.get(frameKey));
    held.delete(frameKey);
    heldFrames--;
    listener.heldFramesChanged(-1);
    state.published = true;
    context.forward(new Record<>(state.acquisitionId, new StitcherOutput.Publish(finished.mask(), finished.objects()),
        now));
    // Only the small object table is decoded, for the metrics; the mask goes out as it was encoded.
    ObjectTable objects = topics.objects().valueSerde().deserializer().deserialize(topics.objects().name(),
        finished.objects());
    listener.framePublished(now - objects.getCapturedAt().toEpochMilli(), objects.getCells().size());
  }

  private KeyValue<Bytes, byte[]> firstFrom(String acq, long from) {
    try (KeyValueIterator<Bytes, byte[]> it = frames.range(StoreKeys.frame(acq, from), StoreKeys.lastFrame(acq))) {
      return it.hasNext() ? it.next() : null;
    }
  }

  /**
   * Too many frames are held: the acquisition of the frame held longest stops waiting for its
   * predecessors and publishes from its first held frame on.
   */
  private void skipAheadOldest(long now) {
    Bytes oldestKey = null;
    long oldestSince = Long.MAX_VALUE;
    try (KeyValueIterator<Bytes, byte[]> it = frames.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        Frame frame = Frame.fromBytes(kv.value);
        if (frame.status() == FrameStatus.HELD && frame.sinceMs() < oldestSince) {
          oldestSince = frame.sinceMs();
          oldestKey = kv.key;
        }
      }
    }
    if (oldestKey == null) {
      throw new IllegalStateException(heldFrames + " frames counted held but none is stored held");
    }
    Acquisition state = Acquisition.fromBytes(acquisitions.get(acquisitionKeyOf(oldestKey)));
    List<Bytes> skipped = new ArrayList<>();
    long firstHeld = -1;
    try (KeyValueIterator<Bytes, byte[]> it = frames.range(StoreKeys.frame(state.acquisitionId, state.next),
        StoreKeys.lastFrame(state.acquisitionId))) {
      while (it.hasNext() && firstHeld < 0) {
        var kv = it.next();
        if (Frame.fromBytes(kv.value).status() == FrameStatus.HELD) {
          firstHeld = StoreKeys.frameIndexOf(kv.key);
        } else {
          skipped.add(kv.key);
        }
      }
    }
    // The skipped open frames become late: when they finish they are published out of order.
    skipped.forEach(frames::delete);
    state.next = firstHeld;
    drain(state, now);
    acquisitions.put(StoreKeys.acquisitionKey(state.acquisitionId), state.toBytes());
  }

  private static Bytes acquisitionKeyOf(Bytes frameKey) {
    byte[] k = frameKey.get();
    return Bytes.wrap(java.util.Arrays.copyOf(k, k.length - 8));
  }

  /** Wall-clock punctuation: publishes frames whose grace is over, forgets idle acquisitions. */
  private void punctuate(long now) {
    List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = acquisitions.all()) {
      it.forEachRemaining(all::add);
    }
    long retention = settings.acquisitionRetention().toMillis();
    for (KeyValue<Bytes, byte[]> kv : all) {
      Acquisition state = Acquisition.fromBytes(kv.value);
      if (drain(state, now)) {
        acquisitions.put(kv.key, state.toBytes());
      } else if (now - state.lastActivityMs >= retention && firstFrom(state.acquisitionId, Long.MIN_VALUE) == null) {
        acquisitions.delete(kv.key);
      }
    }
  }

  /** Publishes a frame that finished after its successors, flagged so consumers can tell. */
  private void publishOutOfOrder(Acquisition state, OrderEvent.Finished finished, long now) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(OUT_OF_ORDER_HEADER, "true".getBytes(StandardCharsets.US_ASCII));
    context.forward(new Record<>(state.acquisitionId, new StitcherOutput.Publish(finished.mask(), finished.objects()),
        now, headers));
    ObjectTable objects = topics.objects().valueSerde().deserializer().deserialize(topics.objects().name(),
        finished.objects());
    listener.framePublished(now - objects.getCapturedAt().toEpochMilli(), objects.getCells().size());
    listener.framePublishedOutOfOrder();
  }

  @Override
  public void close() {
    if (punctuator != null) {
      punctuator.cancel();
    }
    listener.heldFramesChanged(-heldFrames);
    heldFrames = 0;
  }
}
