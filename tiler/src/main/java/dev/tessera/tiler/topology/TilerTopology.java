package dev.tessera.tiler.topology;

import dev.tessera.records.DeadLetter;
import dev.tessera.records.Tile;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.StreamsDefaults;
import dev.tessera.schemas.Topics;
import dev.tessera.tiler.tiling.FrameTiler;
import dev.tessera.tiler.tiling.TilerSettings;
import java.time.Clock;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The tiler stage (DESIGN.md sections 1, 3 and 5): cuts every frame into the mirrored overlap tiles
 * of the U-Net paper, sized for the model that will score them.
 *
 * <ul>
 *   <li>Input: {@code {prefix}frames}, key the acquisition id, value a {@code Frame}, read as raw
 *       bytes and decoded in the processor.
 *   <li>Output: {@code {prefix}tiles}, key {@code acq/frame/tile} ({@link Topics#tileKey}), value a
 *       {@code Tile}: the mirrored input pixels in the frame's raw type, grid position, owned region
 *       and its offset in the network output, the frame's normalization, the geometry id, the
 *       frame's partition and offset, capturedAt and tiledAt. A frame's tiles are written in
 *       row-major order, with the frame record's timestamp.
 *   <li>Dead letters: {@code {prefix}dead-letters}, key the frame record's key: exactly one per
 *       record that is not a decodable Frame ({@code deserialization}), is inconsistent or
 *       unscorable ({@code invalid-frame}), or is over the configured size limits
 *       ({@code frame-over-limit}), with the source topic, partition and offset and a reason for a
 *       person. Such a record yields no tile, and the stream goes on with the next one.
 *   <li>Guarantees: with {@link #streamsConfig} ({@code exactly_once_v2}) a frame's tiles, its
 *       dead letter and the input offset commit in one transaction: downstream
 *       {@code read_committed} consumers see all of a frame's tiles or none, once.
 *   <li>State: none. The tile size is chosen per frame size (cached), the normalization computed
 *       once per frame.
 * </ul>
 */
public final class TilerTopology {

  /** The default Kafka Streams application id (also the consumer group and transactional id prefix). */
  public static final String DEFAULT_APPLICATION_ID = "tessera-tiler";

  static final String SOURCE = "frames";
  static final String PROCESSOR = "tile-frames";
  static final String TILES_SINK = "tiles";
  static final String DEAD_LETTERS_SINK = "dead-letters";

  private TilerTopology() {}

  /** Wires the tiler into {@code builder}, reporting nothing and stamping tiles with the system clock. */
  public static void build(StreamsBuilder builder, Topics topics, TilerSettings settings) {
    build(builder, topics, settings, TilerEvents.NONE, Clock.systemUTC());
  }

  /** Wires the tiler into {@code builder}, reporting to {@code events}; {@code clock} stamps tiledAt. */
  public static void build(StreamsBuilder builder, Topics topics, TilerSettings settings, TilerEvents events,
      Clock clock) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(clock, "clock");
    FrameTiler tiler = new FrameTiler(settings);
    KStream<String, SpecificRecord> out = builder
        .stream(topics.frames().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
        .process(() -> new TilerProcessor(tiler, topics.frames().valueSerde().deserializer(), events, clock),
            Named.as(PROCESSOR));
    out.split(Named.as("route-"))
        .branch((key, value) -> value instanceof Tile, Branched.withConsumer(tiles -> tiles
            .mapValues(value -> (Tile) value, Named.as("as-tile"))
            .to(topics.tiles().name(), Produced.with(topics.tiles().keySerde(), topics.tiles().valueSerde())
                .withName(TILES_SINK))))
        .defaultBranch(Branched.withConsumer(letters -> letters
            .mapValues(value -> (DeadLetter) value, Named.as("as-dead-letter"))
            .to(topics.deadLetters().name(), Produced.with(topics.deadLetters().keySerde(),
                topics.deadLetters().valueSerde()).withName(DEAD_LETTERS_SINK))));
  }

  /** The tiler as a whole topology. */
  public static Topology topology(Topics topics, TilerSettings settings, TilerEvents events, Clock clock) {
    StreamsBuilder builder = new StreamsBuilder();
    build(builder, topics, settings, events, clock);
    return builder.build();
  }

  /**
   * Streams configuration for the tiler: {@code exactly_once_v2}, and the record-size limits of
   * {@code limits} on the producer (tiles, dead letters) and on the consumers (frames), each with
   * the prefix Kafka Streams needs to pass it to that client.
   */
  public static Properties streamsConfig(KafkaSettings kafka, Topics topics, String applicationId) {
    return StreamsDefaults.forStage(kafka, topics, applicationId, "tiler", streamsProperties(kafka.limits()));
  }

  /**
   * The properties of {@link #streamsConfig} that do not depend on the cluster: the shared
   * {@link StreamsDefaults#exactlyOnce} (processing guarantee, commit interval, client size limits),
   * keyed as Kafka Streams expects them.
   */
  public static Properties streamsProperties(KafkaLimits limits) {
    Properties props = new Properties();
    props.putAll(StreamsDefaults.exactlyOnce(limits));
    // The tiler keeps no state: no record cache to size.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    return props;
  }
}
