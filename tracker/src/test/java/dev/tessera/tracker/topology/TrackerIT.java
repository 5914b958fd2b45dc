package dev.tessera.tracker.topology;

import static dev.tessera.tracker.TrackerFixtures.discs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.tracking.Linker;
import dev.tessera.records.Track;
import dev.tessera.records.TrackedCell;
import dev.tessera.records.TrackSummary;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.tracker.TrackerFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker on a real in-JVM KRaft broker with exactly-once v2, stopped half-way through two
 * acquisitions and its local state deleted: the second instance restores the tracks from the
 * changelogs and links the rest (a division and a closed gap after the restart) exactly as one
 * uninterrupted linker does; every frame's tracks come once, in frame order, read with {@code
 * read_committed}; each acquisition's summary lists its tracks.
 */
@Tag("integration")
class TrackerIT {

  private static final Topics TOPICS = Topics.withPrefix("it.");
  private static final int FRAMES = 12;
  private static final int RESTART_AT = 6;
  private static final List<String> ACQUISITIONS = List.of("cam-a", "cam-b");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path scratch;

  /** A cell drifting right that divides at frame 6, and a still cell missing at frame 8. */
  private static int[] frame(int f) {
    int[] mother = {12 + f, 15, 6};
    int[] still = {46, 15, 5};
    List<int[]> cells = new ArrayList<>();
    if (f < RESTART_AT) {
      cells.add(mother);
    } else {
      cells.add(new int[] {12 + f - 5, 15, 4});
      cells.add(new int[] {12 + f + 3, 15, 4});
    }
    if (f != 8) {
      cells.add(still);
    }
    return discs(cells.toArray(int[][]::new));
  }

  @Test
  void aRestartedTrackerWithItsLocalStateGoneLinksOnAsIfNeverStopped() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleBroker()) {
      KafkaSettings settings = KafkaSettings.plaintext(kafka.bootstrapServers());
      TopicAdmin.ensureTopics(settings, TopicSettings.defaults(TOPICS, Optional.of((short) 1), Optional.of(1)));
      TrackerSettings tracker = TrackerSettings.defaults().withTimes(Duration.ofMinutes(1), Duration.ofSeconds(2),
          Duration.ofHours(1));

      Map<String, List<Track>> tracks = new TreeMap<>();
      try (KafkaConsumer<String, Track> reader = reader(kafka, Track.class)) {
        reader.subscribe(List.of(TOPICS.tracks().name()));
        KafkaStreams first = start(settings, tracker, scratch.resolve("first"));
        publish(kafka, 0, RESTART_AT);
        readUntil(reader, tracks, RESTART_AT);
        first.close(Duration.ofSeconds(30));

        KafkaStreams second = start(settings, tracker, scratch.resolve("second"));
        publish(kafka, RESTART_AT, FRAMES);
        readUntil(reader, tracks, FRAMES);
        try (KafkaConsumer<String, TrackSummary> summaries = reader(kafka, TrackSummary.class)) {
          summaries.subscribe(List.of(TOPICS.trackSummaries().name()));
          Map<String, TrackSummary> byAcquisition = new HashMap<>();
          long deadline = System.nanoTime() + WAIT.toNanos();
          while (byAcquisition.size() < ACQUISITIONS.size() && System.nanoTime() < deadline) {
            summaries.poll(Duration.ofMillis(200)).forEach(r -> byAcquisition.put(r.key(), r.value()));
          }
          Linker expected = new Linker(Linker.Options.DEFAULTS);
          for (int f = 0; f < FRAMES; f++) {
            expected.next(f, frame(f));
          }
          assertThat(byAcquisition).hasSize(2).allSatisfy((acq, s) -> {
            assertThat(s.getFramesTracked()).isEqualTo(FRAMES);
            assertThat(s.getDivisions()).isEqualTo(1);
            assertThat(s.getTracks()).extracting(t -> new Linker.Track(t.getTrackId(), t.getBegin(), t.getEnd(),
                t.getParentTrackId())).containsExactlyElementsOf(expected.tracks());
          });
        }
        second.close(Duration.ofSeconds(30));
      }

      Linker uninterrupted = new Linker(Linker.Options.DEFAULTS);
      List<Map<Integer, Integer>> expected = new ArrayList<>();
      for (int f = 0; f < FRAMES; f++) {
        expected.add(new TreeMap<>(uninterrupted.next(f, frame(f)).trackOfLabel()));
      }
      assertThat(tracks.keySet()).containsExactlyElementsOf(ACQUISITIONS);
      for (List<Track> perAcquisition : tracks.values()) {
        assertThat(perAcquisition).extracting(Track::getFrameIndex)
            .containsExactlyElementsOf(java.util.stream.LongStream.range(0, FRAMES).boxed().toList());
        List<Map<Integer, Integer>> actual = perAcquisition.stream().map(t -> {
          Map<Integer, Integer> m = new TreeMap<>();
          t.getCells().forEach(c -> m.put(c.getLabel(), c.getTrackId()));
          return m;
        }).toList();
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(perAcquisition.get(RESTART_AT).getDivisions()).as("the mother came from the changelog")
            .containsExactly(1);
        assertThat(perAcquisition.get(9).getCells()).extracting(TrackedCell::getEvent)
            .contains(dev.tessera.records.TrackEvent.RESUME);
      }
    }
  }

  private static KafkaStreams start(KafkaSettings settings, TrackerSettings tracker, Path stateDir) {
    Properties props = TrackerTopology.streamsConfig(settings, TOPICS, "it-tracker");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // A Streams member does not leave its group when closed: the second instance would wait out the
    // first one's session (45 s by default) before it gets the partitions.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2000);
    KafkaStreams streams = new KafkaStreams(TrackerTopology.build(TOPICS, tracker), props);
    streams.start();
    return streams;
  }

  private static void publish(EmbeddedKafka kafka, int from, int to) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.putAll(KafkaLimits.defaults().producerProperties());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
        new ByteArraySerializer())) {
      for (int f = from; f < to; f++) {
        for (String acq : ACQUISITIONS) {
          int[] labels = frame(f);
          producer.send(new ProducerRecord<>(TOPICS.masks().name(), acq,
              TrackerFixtures.encode(TOPICS, TrackerFixtures.mask(acq, f, labels))));
          producer.send(new ProducerRecord<>(TOPICS.objects().name(), acq,
              TrackerFixtures.encode(TOPICS, TrackerFixtures.objects(acq, f, labels))));
        }
      }
    }
  }

  private static <V> KafkaConsumer<String, V> reader(EmbeddedKafka kafka, Class<V> type) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + type.getSimpleName());
    @SuppressWarnings("unchecked")
    var values = (org.apache.kafka.common.serialization.Deserializer<V>) (type == Track.class
        ? TOPICS.tracks().valueSerde().deserializer() : TOPICS.trackSummaries().valueSerde().deserializer());
    return new KafkaConsumer<>(props, new StringDeserializer(), values);
  }

  private static void readUntil(KafkaConsumer<String, Track> reader, Map<String, List<Track>> tracks, int frames) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!ACQUISITIONS.stream().allMatch(a -> tracks.getOrDefault(a, List.of()).size() >= frames)
        && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, Track> r : reader.poll(Duration.ofMillis(200))) {
        tracks.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
      }
    }
    assertThat(tracks.values()).as("tracks of frames 0-%d", frames - 1).allSatisfy(t -> assertThat(t).hasSize(frames));
  }
}
