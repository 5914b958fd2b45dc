package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.records.Frame;
import dev.tessera.testkit.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the foundation: Tessera's own topic set-up, size limits, serdes and
 * transactions carry an 8 MiB frame (over Kafka's 1 MiB default) through a real broker,
 * byte-identical, and a read_committed consumer never sees an aborted frame; topics a Streams task
 * reads together are checked for one partition count.
 */
@Tag("integration")
class LargeFrameRoundTripIT {

  private static final int SIDE = 2048;
  private static final String ACQUISITION = "acq-large";

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startSingleBroker();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void topicsReadTogetherMustHaveOnePartitionCount() {
    KafkaSettings settings = KafkaSettings.plaintext(kafka.bootstrapServers());
    kafka.createTopic("copart.a", 3, Map.of());
    kafka.createTopic("copart.b", 3, Map.of());
    kafka.createTopic("copart.c", 2, Map.of());

    TopicAdmin.requireCopartitioned(settings, List.of("copart.a", "copart.b"));
    assertThatThrownBy(() -> TopicAdmin.requireCopartitioned(settings, List.of("copart.a", "copart.c")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Topics read together must have one partition count, so that the records of one key meet on one"
            + " task; they have {copart.a=3, copart.c=2}: give them the same count (kafka-topics.sh --alter"
            + " --partitions N on the smaller ones)");
  }

  @Test
  void ensuringTopicsTwiceCreatesThemOnceWithTheRecordSizeLimit() throws Exception {
    Topics topics = Topics.withPrefix("admin-test.");
    KafkaLimits limits = KafkaLimits.defaults();

    try (Admin admin = kafka.admin()) {
      List<String> first = TopicAdmin.ensureTopics(admin, TopicSettings.defaults(topics), limits);
      List<String> second = TopicAdmin.ensureTopics(admin, TopicSettings.defaults(topics), limits);

      assertThat(first).containsExactlyInAnyOrder(
          "admin-test.frames", "admin-test.tiles", "admin-test.tile-masks",
          "admin-test.masks", "admin-test.objects", "admin-test.tracks", "admin-test.track-summaries",
          "admin-test.dead-letters");
      assertThat(second).isEmpty();
      assertThat(admin.describeTopics(List.of("admin-test.frames", "admin-test.tiles", "admin-test.dead-letters"))
          .allTopicNames().get(30, TimeUnit.SECONDS))
          .extractingFromEntries(e -> e.getKey() + "=" + e.getValue().partitions().size())
          .containsExactlyInAnyOrder("admin-test.frames=3", "admin-test.tiles=6", "admin-test.dead-letters=1");
      ConfigResource frames = new ConfigResource(ConfigResource.Type.TOPIC, "admin-test.frames");
      Config config = admin.describeConfigs(List.of(frames)).all().get(30, TimeUnit.SECONDS).get(frames);
      assertThat(config.get("max.message.bytes").value()).isEqualTo(Integer.toString(limits.topicMaxMessageBytes()));
      assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
    }
  }

  @Test
  void anEightMebibyteFrameRoundTripsByteIdenticalAndAnAbortedFrameIsNeverRead() throws Exception {
    Topics topics = Topics.withPrefix("large-test.");
    KafkaLimits limits = KafkaLimits.defaults();
    try (Admin admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, TopicSettings.defaults(topics), limits);
    }
    Topic<String, Frame> frames = topics.frames();
    Frame first = SampleRecords.randomUint16Frame(ACQUISITION, 1, SIDE, SIDE, 1L);
    Frame aborted = SampleRecords.randomUint16Frame(ACQUISITION, 2, SIDE, SIDE, 2L);
    Frame third = SampleRecords.randomUint16Frame(ACQUISITION, 3, SIDE, SIDE, 3L);
    assertThat(first.getPixels().remaining()).isEqualTo(8 * 1024 * 1024);
    Pixels.checkSize(SIDE, SIDE, first.getPixelType(), first.getPixels().remaining());

    // Log of the frames partition after this block:
    //   frame 1, COMMIT marker, frame 2, ABORT marker, frame 3, COMMIT marker
    try (KafkaProducer<String, Frame> producer = transactionalProducer(frames, limits)) {
      producer.initTransactions();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(frames.name(), ACQUISITION, first));
      producer.commitTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(frames.name(), ACQUISITION, aborted)).get(30, TimeUnit.SECONDS);
      producer.abortTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(frames.name(), ACQUISITION, third));
      producer.commitTransaction();
    }

    List<Frame> read = readCommitted(frames, limits);

    assertThat(read).extracting(Frame::getFrameIndex).containsExactly(1L, 3L);
    assertSameFrame(read.get(0), first);
    assertSameFrame(read.get(1), third);
  }

  private static void assertSameFrame(Frame actual, Frame expected) {
    byte[] actualPixels = bytes(actual.getPixels());
    byte[] expectedPixels = bytes(expected.getPixels());
    assertThat(actualPixels.length).isEqualTo(expectedPixels.length);
    assertThat(Arrays.mismatch(actualPixels, expectedPixels)).as("index of the first differing pixel byte").isEqualTo(-1);
    assertThat(Arrays.equals(actualPixels, expectedPixels)).isTrue();
    // Every other field: compare the records with their pixels removed.
    ByteBuffer none = ByteBuffer.allocate(0);
    assertThat(Frame.newBuilder(actual).setPixels(none).build())
        .isEqualTo(Frame.newBuilder(expected).setPixels(none).build());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  private static KafkaProducer<String, Frame> transactionalProducer(Topic<String, Frame> topic, KafkaLimits limits) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.putAll(limits.producerProperties());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "large-frame-round-trip");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    return new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** Reads every committed record of the topic, up to its last stable offset. */
  private static List<Frame> readCommitted(Topic<String, Frame> topic, KafkaLimits limits) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.putAll(limits.consumerProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<Frame> read = new ArrayList<>();
    try (KafkaConsumer<String, Frame> consumer =
        new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed these are last stable offsets; the producer is closed, so they are final.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(deadline - System.nanoTime()).as("nanoseconds left to read to the end").isPositive();
        for (ConsumerRecord<String, Frame> record : consumer.poll(Duration.ofMillis(500))) {
          assertThat(record.key()).isEqualTo(ACQUISITION);
          read.add(record.value());
        }
      }
    }
    return read;
  }
}
