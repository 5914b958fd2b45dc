package dev.tessera.stitcher.topology;

import dev.tessera.records.Mask;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.assembly.FrameSignature;
import dev.tessera.stitcher.assembly.FrameStitcher;
import dev.tessera.stitcher.assembly.StitchedFrame;
import dev.tessera.stitcher.assembly.TileChecks;
import dev.tessera.stitcher.topology.FrameEntry.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The assembling stage: collects the tile masks of each frame and stitches the frame when all
 * its tiles are there.
 *
 * <p>Each tile mask is stored as received under (frame, tile index) in {@link
 * StitcherTopology#TILES_STORE}, beside a small index entry per frame in {@link
 * StitcherTopology#FRAMES_STORE}; so the state written per frame is the size of the frame. A
 * complete frame is read back with one range scan, stitched, handed on, and its tiles deleted.
 * Its index entry stays, closed and without tiles, for one frame timeout so a late duplicate
 * changes nothing.
 *
 * <p>Rejections, each one dead letter keyed by the tile mask's key: undecodable values, keys that
 * are not {@code acq/frame} of the tile, tiles contradicting their own plan or their frame's other
 * tiles (only the tile is dropped), a frame whose tiles come from two model versions (the whole
 * frame is dropped), tiles arriving for a frame already given up, frames still incomplete after
 * the timeout or evicted by the open-frame limit (naming the missing tile indices), and frames
 * with more cells than uint16 labels hold.
 */
final class FrameAssemblyProcessor implements Processor<String, byte[], String, StitcherOutput> {

  private final Topics topics;
  private final StitcherSettings settings;
  private final FrameStitcher stitcher;
  private final StitcherListener listener;
  private final Serializer<Mask> maskEncoder;
  private ProcessorContext<String, StitcherOutput> context;
  private KeyValueStore<Bytes, byte[]> tiles;
  private KeyValueStore<Bytes, byte[]> frames;
  private Cancellable punctuator;
  private int openFrames;

  FrameAssemblyProcessor(Topics topics, StitcherSettings settings, StitcherListener listener,
      Serializer<Mask> maskEncoder) {
    this.topics = topics;
    this.settings = settings;
    this.stitcher = new FrameStitcher(settings.foregroundClass(), settings.instances(),
        settings.foregroundThreshold());
    this.listener = listener;
    this.maskEncoder = maskEncoder;
  }

  @Override
  public void init(ProcessorContext<String, StitcherOutput> context) {
    this.context = context;
    this.tiles = context.getStateStore(StitcherTopology.TILES_STORE);
    this.frames = context.getStateStore(StitcherTopology.FRAMES_STORE);
    try (KeyValueIterator<Bytes, byte[]> it = frames.all()) {
      it.forEachRemaining(kv -> openFrames += FrameEntry.fromBytes(kv.value).status == Status.OPEN ? 1 : 0);
    }
    listener.openFramesChanged(openFrames);
    punctuator = context.schedule(settings.punctuateInterval(), PunctuationType.STREAM_TIME, this::expire);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    // Wall clock for what a person reads (dead letters, stitchedAt); the record's timestamp, its
    // frame's, for the frame's bookkeeping: timeouts follow the stream's progress, so an outage or
    // a backlog never times a frame out before its tiles could arrive.
    long now = context.currentSystemTimeMs();
    long streamTime = record.timestamp();
    TileMask tile;
    try {
      if (record.value() == null) {
        throw new SerializationException("the value is null (a tombstone), not a TileMask");
      }
      tile = topics.tileMasks().valueSerde().deserializer().deserialize(topics.tileMasks().name(), record.value());
    } catch (SerializationException e) {
      deadTile(record, new Rejection(DeadLetterError.DESERIALIZATION, e.getMessage()), now);
      return;
    }
    String frameKey = Topics.frameKey(tile.getAcquisitionId(), tile.getFrameIndex());
    if (!frameKey.equals(record.key())) {
      deadTile(record, new Rejection(DeadLetterError.WRONG_KEY, "the record key '" + record.key()
          + "' is not the key '" + frameKey + "' (acquisition/frame) of the tile mask it carries"), now);
      return;
    }
    if (tile.getFailure() != null) {
      failedTile(tile, now, streamTime);
      return;
    }
    try {
      TileChecks.check(tile, settings.foregroundClass());
    } catch (Rejection r) {
      deadTile(record, r, now);
      return;
    }
    Bytes key = StoreKeys.frame(tile.getAcquisitionId(), tile.getFrameIndex());
    byte[] stored = frames.get(key);
    if (stored == null) {
      open(key, tile, record, now, streamTime);
      return;
    }
    FrameEntry entry = FrameEntry.fromBytes(stored);
    long capturedAt = tile.getCapturedAt().toEpochMilli();
    if (entry.capturedAtMs > 0 && capturedAt != entry.capturedAtMs) {
      deadTile(record, new Rejection(DeadLetterError.DUPLICATE_FRAME_ID, "tile " + tile.getTileIndex() + " of frame "
          + frameKey + " was captured at " + tile.getCapturedAt() + ", but frame " + frameKey + " already holds tiles"
          + " captured at " + java.time.Instant.ofEpochMilli(entry.capturedAtMs) + ": another frame under a frame id"
          + " in use; it is not stitched and the first frame is unaffected"), now);
      return;
    }
    if (entry.status != Status.OPEN && entry.signature.tileCount() == 0) {
      // closed by the failure of a tile that could not even be decoded: the frame's geometry is unknown
      deadTile(record, new Rejection(DeadLetterError.FRAME_CLOSED, "tile " + tile.getTileIndex() + " of frame "
          + frameKey + " arrived after the frame was " + closedAs(entry) + "; it is not stitched"), now);
      return;
    }
    FrameSignature claimed = FrameSignature.of(tile);
    List<String> differences = entry.signature.geometryDifferences(claimed);
    int index = tile.getTileIndex();
    if (!differences.isEmpty()) {
      deadTile(record, new Rejection(DeadLetterError.GEOMETRY_MISMATCH, "tile " + index + " of frame " + frameKey
          + " contradicts the frame's tiles " + IndexRanges.format(entry.receivedIndices()) + ": "
          + String.join(", ", differences)), now);
      return;
    }
    if (!entry.signature.sameModel(claimed)) {
      if (entry.status == Status.OPEN) {
        rejectMixedModels(key, entry, tile, record, now);
      } else {
        deadTile(record, new Rejection(DeadLetterError.MIXED_MODELS, "tile " + index + " of frame " + frameKey
            + " was scored by " + claimed.modelName() + ", but the frame was already " + closedAs(entry)
            + " with tiles scored by " + entry.signature.modelName() + "; it is not stitched"), now);
      }
      return;
    }
    if (entry.has(index)) {
      listener.duplicateTile();
      return;
    }
    switch (entry.status) {
      case OPEN -> {
        tiles.put(StoreKeys.tile(tile.getAcquisitionId(), tile.getFrameIndex(), index), record.value());
        entry.receive(index);
        if (entry.complete()) {
          complete(key, entry, now, streamTime);
        } else {
          frames.put(key, entry.toBytes());
        }
      }
      case DONE -> throw new IllegalStateException("frame " + frameKey + " is done but lacks tile " + index);
      case TIMED_OUT, REJECTED -> deadTile(record, new Rejection(DeadLetterError.FRAME_CLOSED, "tile " + index
          + " of frame " + frameKey + " arrived after the frame was " + closedAs(entry) + "; it is not stitched"),
          now);
    }
  }

  private static String closedAs(FrameEntry entry) {
    String how = switch (entry.status) {
      case OPEN -> "open";
      case DONE -> "stitched";
      case TIMED_OUT -> "given up incomplete";
      case REJECTED -> "rejected";
    };
    return how;
  }

  private void open(Bytes key, TileMask tile, Record<String, byte[]> record, long now, long streamTime) {
    FrameEntry entry = FrameEntry.open(tile.getAcquisitionId(), tile.getFrameIndex(), FrameSignature.of(tile),
        streamTime, tile.getCapturedAt().toEpochMilli());
    entry.receive(tile.getTileIndex());
    tiles.put(StoreKeys.tile(tile.getAcquisitionId(), tile.getFrameIndex(), tile.getTileIndex()), record.value());
    openFrames++;
    listener.openFramesChanged(1);
    order(entry, new OrderEvent.Opened(entry.frameIndex), now);
    if (entry.complete()) {
      complete(key, entry, now, streamTime);
    } else {
      frames.put(key, entry.toBytes());
    }
    while (openFrames > settings.maxOpenFrames()) {
      evictOldest(now, streamTime);
    }
  }

  /**
   * A tile the worker could not score (its tile mask carries the failure): the frame can never
   * complete, so it is closed now, its stored tiles freed, with one dead letter naming the tile
   * and why; the ordering stage skips it. A later tile of the frame is {@code frame-closed}.
   */
  private void failedTile(TileMask tile, long now, long streamTime) {
    Bytes key = StoreKeys.frame(tile.getAcquisitionId(), tile.getFrameIndex());
    byte[] stored = frames.get(key);
    FrameEntry entry;
    if (stored == null) {
      long capturedAt = tile.getCapturedAt().toEpochMilli();
      entry = FrameEntry.open(tile.getAcquisitionId(), tile.getFrameIndex(), FrameSignature.of(tile), streamTime,
          capturedAt > 0 ? capturedAt : -1);
      openFrames++;
      listener.openFramesChanged(1);
      order(entry, new OrderEvent.Opened(entry.frameIndex), now);
    } else {
      entry = FrameEntry.fromBytes(stored);
      if (entry.status != Status.OPEN) {
        return; // already closed, and already reported
      }
    }
    removeTiles(entry);
    entry.close(Status.REJECTED, streamTime);
    frames.put(key, entry.toBytes());
    openFrames--;
    listener.openFramesChanged(-1);
    deadFrame(entry, new Rejection(DeadLetterError.FAILED_TILES, "frame " + entry.frameKey() + " cannot be"
        + " stitched: tile " + tile.getTileIndex() + " was not scored (" + tile.getFailure() + ")"
        + (entry.receivedCount() == 0 ? "" : "; tiles " + IndexRanges.format(entry.receivedIndices())
            + " had arrived")), now);
  }

  /** Stitches a frame whose tiles are all stored, hands it on and frees its tiles. */
  private void complete(Bytes key, FrameEntry entry, long now, long streamTime) {
    openFrames--;
    listener.openFramesChanged(-1);
    List<TileMask> parts = new ArrayList<>(entry.signature.tileCount());
    for (byte[] value : removeTiles(entry)) {
      parts.add(topics.tileMasks().valueSerde().deserializer().deserialize(topics.tileMasks().name(), value));
    }
    StitchedFrame stitched;
    try {
      stitched = stitcher.stitch(parts, now);
    } catch (Rejection r) {
      entry.close(Status.REJECTED, streamTime);
      frames.put(key, entry.toBytes());
      deadFrame(entry, r, now);
      return;
    }
    entry.close(Status.DONE, streamTime);
    frames.put(key, entry.toBytes());
    // The frame's only encoding: from here its records travel as bytes, through the ordering
    // stage's topic and store alike, to the output topics (a 2048x2048 mask is 16 MiB).
    byte[] mask = maskEncoder.serialize(topics.masks().name(), stitched.mask());
    byte[] objects = topics.objects().valueSerde().serializer().serialize(topics.objects().name(), stitched.objects());
    String acq = entry.acquisitionId;
    if (settings.inOrder()) {
      context.forward(new Record<>(acq, new StitcherOutput.Order(new OrderEvent.Finished(entry.frameIndex, mask,
          objects)), now));
    } else {
      context.forward(new Record<>(acq, new StitcherOutput.Publish(mask, objects), now));
      listener.framePublished(now - stitched.mask().getCapturedAt().toEpochMilli(),
          stitched.objects().getCells().size());
    }
  }

  private void rejectMixedModels(Bytes key, FrameEntry entry, TileMask tile, Record<String, byte[]> record, long now) {
    List<Integer> before = entry.receivedIndices();
    removeTiles(entry);
    entry.receive(tile.getTileIndex());
    entry.close(Status.REJECTED, record.timestamp());
    frames.put(key, entry.toBytes());
    openFrames--;
    listener.openFramesChanged(-1);
    FrameSignature other = FrameSignature.of(tile);
    deadTile(record, new Rejection(DeadLetterError.MIXED_MODELS, "frame " + entry.frameKey()
        + " mixes two model versions: tiles " + IndexRanges.format(before) + " were scored by "
        + entry.signature.modelName() + ", tile " + tile.getTileIndex() + " by " + other.modelName()
        + "; the frame is not published"), now);
    order(entry, new OrderEvent.Abandoned(entry.frameIndex), now);
  }

  /**
   * Stream-time punctuation: times out frames still incomplete when the stream has moved
   * {@code frame-timeout} past their first tile, and forgets closed ones. Stream time stands still
   * while nothing arrives (an outage upstream) and follows the tiles' own timestamps when a backlog
   * is read, so neither times a frame out before its tiles could arrive.
   */
  private void expire(long streamTime) {
    long now = context.currentSystemTimeMs();
    List<FrameEntry> due = new ArrayList<>();
    List<Bytes> forgotten = new ArrayList<>();
    long timeout = settings.frameTimeout().toMillis();
    long retention = settings.closedFrameRetention().toMillis();
    try (KeyValueIterator<Bytes, byte[]> it = frames.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        FrameEntry entry = FrameEntry.fromBytes(kv.value);
        if (entry.status == Status.OPEN && streamTime - entry.firstSeenMs >= timeout) {
          due.add(entry);
        } else if (entry.status != Status.OPEN && streamTime - entry.closedMs >= retention) {
          forgotten.add(kv.key);
        }
      }
    }
    due.sort(Comparator.comparingLong(e -> e.firstSeenMs));
    for (FrameEntry entry : due) {
      timeOut(entry, "was still incomplete when the stream had moved " + timeout + " ms past its first tile", now,
          streamTime);
    }
    forgotten.forEach(frames::delete);
  }

  /** Times out the open frame seen first, so state stays within the open-frame limit. */
  private void evictOldest(long now, long streamTime) {
    FrameEntry oldest = null;
    try (KeyValueIterator<Bytes, byte[]> it = frames.all()) {
      while (it.hasNext()) {
        FrameEntry entry = FrameEntry.fromBytes(it.next().value);
        if (entry.status == Status.OPEN && (oldest == null || entry.firstSeenMs < oldest.firstSeenMs)) {
          oldest = entry;
        }
      }
    }
    if (oldest == null) {
      throw new IllegalStateException(openFrames + " frames counted open but none is stored open");
    }
    timeOut(oldest, "was evicted incomplete because " + openFrames + " frames were open, more than "
        + "max-open-frames=" + settings.maxOpenFrames(), now, streamTime);
    listener.frameEvicted();
  }

  private void timeOut(FrameEntry entry, String why, long now, long streamTime) {
    removeTiles(entry);
    entry.close(Status.TIMED_OUT, streamTime);
    frames.put(StoreKeys.frame(entry.acquisitionId, entry.frameIndex), entry.toBytes());
    openFrames--;
    listener.openFramesChanged(-1);
    listener.frameTimedOut();
    deadFrame(entry, new Rejection(DeadLetterError.INCOMPLETE_FRAME, "frame " + entry.frameKey() + " " + why + ": "
        + entry.receivedCount() + " of " + entry.signature.tileCount() + " tiles received, missing tile indices "
        + IndexRanges.format(entry.missing())), now);
  }

  /** Deletes a frame's stored tiles and returns their values in tile order. */
  private List<byte[]> removeTiles(FrameEntry entry) {
    List<Bytes> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = tiles.range(StoreKeys.firstTile(entry.acquisitionId, entry.frameIndex),
        StoreKeys.lastTile(entry.acquisitionId, entry.frameIndex))) {
      while (it.hasNext()) {
        var kv = it.next();
        keys.add(kv.key);
        values.add(kv.value);
      }
    }
    keys.forEach(tiles::delete);
    return values;
  }

  /** A dead letter for a frame as a whole (no single source record), and tells the ordering stage. */
  private void deadFrame(FrameEntry entry, Rejection rejection, long now) {
    listener.deadLetter(rejection.errorType().code());
    context.forward(new Record<>(entry.frameKey(), StitcherOutput.Dead.of(topics.tileMasks().name(),
        context.taskId().partition(), -1, entry.frameKey(), rejection, null, now), now));
    order(entry, new OrderEvent.Abandoned(entry.frameIndex), now);
  }

  /** A dead letter for the record being processed. */
  private void deadTile(Record<String, byte[]> record, Rejection rejection, long now) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    listener.deadLetter(rejection.errorType().code());
    context.forward(new Record<>(record.key(), StitcherOutput.Dead.of(
        meta == null ? topics.tileMasks().name() : meta.topic(), meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(), record.key(), rejection, record.value(), now), now));
  }

  private void order(FrameEntry entry, OrderEvent event, long now) {
    if (settings.inOrder()) {
      context.forward(new Record<>(entry.acquisitionId, new StitcherOutput.Order(event), now));
    }
  }

  @Override
  public void close() {
    if (punctuator != null) {
      punctuator.cancel();
    }
    listener.openFramesChanged(-openFrames);
    openFrames = 0;
  }
}
