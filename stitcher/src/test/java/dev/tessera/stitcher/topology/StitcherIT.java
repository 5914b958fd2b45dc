package dev.tessera.stitcher.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.schemas.KafkaSettings;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topic;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.TileMaskFixtures;
import dev.tessera.stitcher.assembly.FrameStitcher;
import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.imaging.geometry.TilePlan;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stitcher on a real in-JVM KRaft broker with exactly-once v2: the tile masks of N frames of
 * two acquisitions, interleaved across frames, shuffled and partly duplicated, spread over three
 * tile-mask partitions, come out as exactly N masks and N object tables, each acquisition's in
 * frame order, read with {@code read_committed}.
 */
@Tag("integration")
class StitcherIT {

  private static final Topics TOPICS = Topics.withPrefix("it.");
  private static final UNetGeometry D1 = new UNetGeometry(1);
  // Depth 1, input 36: output 20. A 60x40 frame is a 3x2 grid of tiles.
  private static final TilePlan PLAN = TilePlan.of(D1, 60, 40, 36);
  private static final int FRAMES_PER_ACQUISITION = 6;
  private static final List<String> ACQUISITIONS = List.of("cam-a", "cam-b");

  @TempDir
  Path stateDir;

  private static List<TileMask> frame(String acq, long f) {
    return TileMaskFixtures.tiles(acq, f, D1, PLAN, 2, (c, x, y) -> {
      int fg = ((x / 7 + y / 5 + f + acq.length()) % 3 == 0) ? 240 : (x * 3 + y + (int) f) % 120;
      return c == 1 ? fg : 255 - fg;
    });
  }

  @Test
  void stitchesEveryFrameExactlyOnceInOrderPerAcquisition() throws Exception {
    KafkaLimits limits = KafkaLimits.defaults();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      try (Admin admin = kafka.admin()) {
        TopicAdmin.ensureTopics(admin, TopicSettings.defaults(TOPICS), limits);
      }
      StreamsBuilder builder = new StreamsBuilder();
      StitcherTopology.build(builder, TOPICS, StitcherSettings.defaults());
      Properties props = StitcherTopology.streamsConfig(KafkaSettings.plaintext(kafka.bootstrapServers()).withLimits(limits),
          TOPICS, "stitcher-it");
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
        streams.start();
        produceTiles(kafka);

        int expected = ACQUISITIONS.size() * FRAMES_PER_ACQUISITION;
        List<ConsumerRecord<String, Mask>> masks = readCommitted(kafka, TOPICS.masks(), expected);
        List<ConsumerRecord<String, ObjectTable>> objects = readCommitted(kafka, TOPICS.objects(), expected);
        List<ConsumerRecord<String, DeadLetter>> deadLetters = readCommitted(kafka, TOPICS.deadLetters(), 0);

        assertThat(masks).hasSize(expected);
        assertThat(objects).hasSize(expected);
        assertThat(deadLetters).isEmpty();
        FrameStitcher stitcher = new FrameStitcher(1, StitcherSettings.defaults().instances());
        for (String acq : ACQUISITIONS) {
          List<Mask> ofAcq = masks.stream().filter(r -> r.key().equals(acq)).map(ConsumerRecord::value).toList();
          List<ObjectTable> tablesOfAcq = objects.stream().filter(r -> r.key().equals(acq))
              .map(ConsumerRecord::value).toList();
          assertThat(ofAcq).extracting(Mask::getFrameIndex).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
          assertThat(tablesOfAcq).extracting(ObjectTable::getFrameIndex).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
          for (int f = 0; f < FRAMES_PER_ACQUISITION; f++) {
            Mask got = ofAcq.get(f);
            var want = stitcher.stitch(frame(acq, f), got.getStitchedAt().toEpochMilli());
            assertThat(got).isEqualTo(want.mask());
            assertThat(tablesOfAcq.get(f)).isEqualTo(want.objects());
          }
        }
      }
    }
  }

  /** Tiles of frames f and f+1 interleaved and shuffled, a quarter sent twice, keyed acq/frame. */
  private static void produceTiles(EmbeddedKafka kafka) {
    Map<String, Object> config = new HashMap<>(kafka.clientProperties());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putAll(KafkaLimits.defaults().producerProperties());
    Random random = new Random(5);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      for (int f = 0; f < FRAMES_PER_ACQUISITION; f += 2) {
        List<TileMask> batch = new ArrayList<>();
        for (String acq : ACQUISITIONS) {
          batch.addAll(frame(acq, f));
          batch.addAll(frame(acq, f + 1));
        }
        for (int i = 0, n = batch.size(); i < n; i += 4) {
          batch.add(batch.get(i));
        }
        Collections.shuffle(batch, random);
        for (TileMask tile : batch) {
          producer.send(new ProducerRecord<>(TOPICS.tileMasks().name(), TileMaskFixtures.key(tile),
              TileMaskFixtures.encode(tile)));
        }
      }
      producer.flush();
    }
  }

  /**
   * The committed records of a topic: polls until {@code expected} arrived (at most two minutes,
   * so a failure is reported rather than hanging), then two more seconds, so an extra record
   * would be seen.
   */
  private static <V> List<ConsumerRecord<String, V>> readCommitted(EmbeddedKafka kafka, Topic<String, V> topic,
      int expected) {
    Map<String, Object> config = new HashMap<>(kafka.clientProperties());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "stitcher-it-" + topic.name());
    config.putAll(KafkaLimits.defaults().consumerProperties());
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < settle) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
