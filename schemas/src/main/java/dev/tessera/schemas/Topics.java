package dev.tessera.schemas;

import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import dev.tessera.records.Track;
import dev.tessera.records.TrackSummary;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of Tessera's topics (DESIGN.md section 1), all names sharing one prefix.
 *
 * <table>
 *   <caption>Topics, keys and values</caption>
 *   <tr><th>topic</th><th>key</th><th>value</th></tr>
 *   <tr><td>{prefix}frames</td><td>acquisition id</td><td>{@link Frame}</td></tr>
 *   <tr><td>{prefix}tiles</td><td>acq/frame/tile</td><td>{@link Tile}</td></tr>
 *   <tr><td>{prefix}tile-masks</td><td>acq/frame</td><td>{@link TileMask}</td></tr>
 *   <tr><td>{prefix}masks</td><td>acquisition id</td><td>{@link Mask}</td></tr>
 *   <tr><td>{prefix}objects</td><td>acquisition id</td><td>{@link ObjectTable}</td></tr>
 *   <tr><td>{prefix}tracks</td><td>acquisition id</td><td>{@link Track}</td></tr>
 *   <tr><td>{prefix}track-summaries</td><td>acquisition id</td><td>{@link TrackSummary}</td></tr>
 *   <tr><td>{prefix}dead-letters</td><td>original key</td><td>{@link DeadLetter}</td></tr>
 * </table>
 */
public final class Topics {

  /** The default prefix: topics are named {@code tessera.frames}, {@code tessera.tiles}, ... */
  public static final String DEFAULT_PREFIX = "tessera.";

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

  private final String prefix;
  private final Topic<String, Frame> frames;
  private final Topic<String, Tile> tiles;
  private final Topic<String, TileMask> tileMasks;
  private final Topic<String, Mask> masks;
  private final Topic<String, ObjectTable> objects;
  private final Topic<String, Track> tracks;
  private final Topic<String, TrackSummary> trackSummaries;
  private final Topic<String, DeadLetter> deadLetters;

  private Topics(String prefix) {
    if (prefix == null || !LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Topic prefix '" + prefix + "' is not legal: use letters, digits, '.', '_' and '-' only");
    }
    this.prefix = prefix;
    Serde<String> keys = Serdes.String();
    this.frames = new Topic<>(prefix + "frames", keys, AvroSerde.of(Frame.class));
    this.tiles = new Topic<>(prefix + "tiles", keys, AvroSerde.of(Tile.class));
    this.tileMasks = new Topic<>(prefix + "tile-masks", keys, AvroSerde.of(TileMask.class));
    this.masks = new Topic<>(prefix + "masks", keys, AvroSerde.of(Mask.class));
    this.objects = new Topic<>(prefix + "objects", keys, AvroSerde.of(ObjectTable.class));
    this.tracks = new Topic<>(prefix + "tracks", keys, AvroSerde.of(Track.class));
    this.trackSummaries = new Topic<>(prefix + "track-summaries", keys, AvroSerde.of(TrackSummary.class));
    this.deadLetters = new Topic<>(prefix + "dead-letters", keys, AvroSerde.of(DeadLetter.class));
  }

  /** The topics under {@code prefix} (may be empty). */
  public static Topics withPrefix(String prefix) {
    return new Topics(prefix);
  }

  /** The topics under {@link #DEFAULT_PREFIX}. */
  public static Topics defaults() {
    return new Topics(DEFAULT_PREFIX);
  }

  public String prefix() {
    return prefix;
  }

  public Topic<String, Frame> frames() {
    return frames;
  }

  public Topic<String, Tile> tiles() {
    return tiles;
  }

  public Topic<String, TileMask> tileMasks() {
    return tileMasks;
  }

  public Topic<String, Mask> masks() {
    return masks;
  }

  public Topic<String, ObjectTable> objects() {
    return objects;
  }

  public Topic<String, Track> tracks() {
    return tracks;
  }

  public Topic<String, TrackSummary> trackSummaries() {
    return trackSummaries;
  }

  public Topic<String, DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** Every topic, in data-flow order. */
  public List<Topic<String, ?>> all() {
    return List.of(frames, tiles, tileMasks, masks, objects, tracks, trackSummaries, deadLetters);
  }

  /** The key of a tile: {@code acq/frame/tile}, spreading a frame's tiles over all partitions. */
  public static String tileKey(String acquisitionId, long frameIndex, int tileIndex) {
    return acquisitionId + "/" + frameIndex + "/" + tileIndex;
  }

  /**
   * The acquisition, frame index and tile index of a tile key {@code acq/frame/tile}, or empty when
   * {@code key} is not one.
   */
  public static java.util.Optional<TileId> parseTileKey(String key) {
    if (key == null) {
      return java.util.Optional.empty();
    }
    int last = key.lastIndexOf('/');
    int middle = last <= 0 ? -1 : key.lastIndexOf('/', last - 1);
    if (middle <= 0) {
      return java.util.Optional.empty();
    }
    try {
      long frame = Long.parseLong(key.substring(middle + 1, last));
      int tile = Integer.parseInt(key.substring(last + 1));
      return frame < 0 || tile < 0 ? java.util.Optional.empty()
          : java.util.Optional.of(new TileId(key.substring(0, middle), frame, tile));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** A tile's identity, as its key spells it. */
  public record TileId(String acquisitionId, long frameIndex, int tileIndex) {}

  /** The key of a tile mask: {@code acq/frame}, so all tiles of a frame meet on one stitcher task. */
  public static String frameKey(String acquisitionId, long frameIndex) {
    return acquisitionId + "/" + frameIndex;
  }
}
