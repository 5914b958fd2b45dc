package dev.tessera.tiler.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.schemas.KafkaSettings;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.records.Tile;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.imaging.testing.TestFrames;
import dev.tessera.tiler.tiling.FrameTiler;
import dev.tessera.tiler.tiling.TilerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiler on a real in-JVM KRaft broker: frames produced to the frames topic, the exactly-once
 * application running, and exactly the expected tiles and dead letters read back with
 * {@code read_committed}.
 */
@Tag("integration")
class TilerIT {

  private static final KafkaLimits LIMITS = KafkaLimits.defaults();
  private static final TilerSettings SETTINGS = TilerSettings.builder().depth(4).maxInputSize(572).build();
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static EmbeddedKafka kafka;

  @TempDir
  Path stateDir;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startSingleBroker();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void tilesFramesFromTheBrokerExactlyOnceAndDeadLettersTheRestWhileGoingOn() throws Exception {
    Topics topics = Topics.withPrefix("it1.");
    try (Admin admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, TopicSettings.defaults(topics), LIMITS);
    }
    Frame a0 = TestFrames.random("acq-a", 0, 512, 512, PixelType.UINT16, 1);
    Frame a1 = TestFrames.random("acq-a", 1, 1000, 300, PixelType.UINT8, 2);
    Frame b0 = TestFrames.random("acq-b", 0, 64, 2000, PixelType.FLOAT32, 3);
    Frame bad = TestFrames.frame("acq-b", 1, 10, 10, PixelType.UINT16, new byte[100]);
    byte[] garbage = "garbage".getBytes(StandardCharsets.US_ASCII);

    Properties props = TilerTopology.streamsConfig(KafkaSettings.plaintext(kafka.bootstrapServers()).withLimits(LIMITS),
        topics, "tiler-it");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (KafkaStreams streams = new KafkaStreams(
        TilerTopology.topology(topics, SETTINGS, TilerEvents.NONE, Clock.systemUTC()), props)) {
      streams.start();
      try (KafkaProducer<String, byte[]> producer = producer()) {
        for (Frame f : List.of(a0, a1, b0, bad)) {
          producer.send(new ProducerRecord<>(topics.frames().name(), f.getAcquisitionId(),
              topics.frames().valueSerde().serializer().serialize(topics.frames().name(), f)));
        }
        producer.send(new ProducerRecord<>(topics.frames().name(), "acq-c", garbage));
        // A valid frame after the bad ones on the same partition: the stream must go on.
        producer.send(new ProducerRecord<>(topics.frames().name(), "acq-b",
            topics.frames().valueSerde().serializer().serialize(topics.frames().name(),
                TestFrames.random("acq-b", 2, 10, 10, PixelType.UINT8, 4))));
        producer.flush();
      }

      // Tile sizes chosen up to 572 (stride = output rounded down to 16): 512x512 -> 2x2 tiles of
      // 444 (stride 256); 1000x300 -> 3x1 of 524 (stride 336); 64x2000 -> 1x9 of 412 (stride 224);
      // 10x10 -> one of 204, the smallest input that can tile.
      List<String> expectedKeys = new ArrayList<>();
      addKeys(expectedKeys, "acq-a", 0, 4);
      addKeys(expectedKeys, "acq-a", 1, 3);
      addKeys(expectedKeys, "acq-b", 0, 9);
      addKeys(expectedKeys, "acq-b", 2, 1);
      FrameTiler tiler = new FrameTiler(SETTINGS);
      assertThat(List.of(tiler.plan(512, 512).inputSize(), tiler.plan(1000, 300).inputSize(),
          tiler.plan(64, 2000).inputSize(), tiler.plan(10, 10).inputSize())).containsExactly(444, 524, 412, 204);

      List<ConsumerRecord<String, Tile>> tiles =
          readCommitted(topics.tiles().name(), topics.tiles().valueSerde().deserializer(), expectedKeys.size());
      List<ConsumerRecord<String, DeadLetter>> letters =
          readCommitted(topics.deadLetters().name(), topics.deadLetters().valueSerde().deserializer(), 2);

      assertThat(tiles).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(expectedKeys);
      assertThat(new TreeSet<>(tiles.stream().map(ConsumerRecord::key).toList())).hasSize(expectedKeys.size());
      Tile first = tiles.stream().filter(r -> r.key().equals("acq-b/0/0")).findFirst().orElseThrow().value();
      assertThat(TestFrames.bytes(first.getPixels()))
          .isEqualTo(TestFrames.mirroredWindow(b0, first.getInputX(), first.getInputY(), first.getInputWidth()));
      assertThat(letters).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("acq-b", "acq-c");
      assertThat(letters).extracting(r -> r.value().getErrorType())
          .containsExactlyInAnyOrder("invalid-frame", "deserialization");
      assertThat(letters).allSatisfy(r -> {
        assertThat(r.value().getSourceTopic()).isEqualTo("it1.frames");
        assertThat(r.value().getSourceOffset()).isNotNegative();
      });
    }
  }

  private static void addKeys(List<String> keys, String acquisition, long frame, int tiles) {
    for (int i = 0; i < tiles; i++) {
      keys.add(Topics.tileKey(acquisition, frame, i));
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.putAll(LIMITS.producerProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Reads exactly {@code count} committed records (and checks that no more arrive soon after). */
  private <V> List<ConsumerRecord<String, V>> readCommitted(String topic, Deserializer<V> values, int count) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.putAll(LIMITS.consumerProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      // Anything beyond the expected count would be a duplicate or a stray: give it a moment to show.
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < settle) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
