package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.model.testing.TestModels;
import dev.tessera.inference.TestTiles;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.PixelType;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Pixels;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The worker on a real broker: exactly one tile mask per tile, equal to a direct run; load
 * shared by a consumer group; a worker stopped before its commit loses and duplicates nothing;
 * bad tiles dead-lettered with their offsets committed.
 */
@Tag("integration")
class InferenceWorkerIT {

  private static final int PARTITIONS = 4;
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static EmbeddedKafka kafka;
  private static UNetModel model;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.builder()
        // Abort a timed-out transaction within a second, not ten (the crash test waits for it).
        .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
        .start();
    model = TestModels.load(2, 2, 2, 11);
  }

  @AfterAll
  static void stop() {
    model.close();
    kafka.close();
  }

  private static Topics topics(String prefix) {
    Topics t = Topics.withPrefix(prefix);
    kafka.createTopic(t.tiles().name(), PARTITIONS, Map.of());
    kafka.createTopic(t.tileMasks().name(), 3, Map.of());
    kafka.createTopic(t.deadLetters().name(), 1, Map.of());
    return t;
  }

  private static WorkerConfig config(Topics topics, String id) {
    return WorkerConfig.of(KafkaSettings.plaintext(kafka.bootstrapServers()), id).withTopics(topics).withGroupId(topics.prefix() + "workers")
        .withBatching(3, Duration.ofMillis(20))
        .withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(200));
  }

  /** Tiles of three 100x76 frames cut for inputs up to 64: 3 x 12 tiles. */
  private static List<Tile> tiles(String acq) {
    List<Tile> tiles = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      tiles.addAll(TestTiles.tilesOf(acq, f, 100, 76, model.geometry(), 64, f));
    }
    return tiles;
  }

  /** Produces the tiles round-robin over the partitions; returns each tile's (partition, offset). */
  private static Map<String, TopicPartitionOffset> produce(Topics topics, List<Tile> tiles) throws Exception {
    Map<String, TopicPartitionOffset> where = new HashMap<>();
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < tiles.size(); i++) {
        Tile t = tiles.get(i);
        String key = Topics.tileKey(t.getAcquisitionId(), t.getFrameIndex(), t.getTileIndex());
        RecordMetadata m = p.send(new ProducerRecord<>(topics.tiles().name(), i % PARTITIONS, key,
            topics.tiles().valueSerde().serializer().serialize(topics.tiles().name(), t))).get();
        where.put(key, new TopicPartitionOffset(m.partition(), m.offset()));
      }
    }
    return where;
  }

  /** Sends raw bytes to partition 0; returns their offset. */
  private static long produceRaw(Topics topics, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(),
        new ByteArraySerializer())) {
      return p.send(new ProducerRecord<>(topics.tiles().name(), 0, key, value)).get().offset();
    }
  }

  record TopicPartitionOffset(int partition, long offset) {}

  /** Every committed record of {@code topic}, read up to the last stable offset of each partition. */
  private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** Whether the group has committed offsets at the end of every tiles partition. */
  private static boolean allCommitted(Topics topics) throws Exception {
    try (Admin admin = kafka.admin()) {
      String topic = topics.tiles().name();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(topics.prefix() + "workers")
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      return latest.keySet().stream().allMatch(tp -> ends.get(tp).offset() == 0
          || (committed.get(tp) != null && committed.get(tp).offset() == ends.get(tp).offset()));
    }
  }

  private static List<TileMask> tileMasks(Topics topics) {
    return readCommitted(topics.tileMasks().name()).stream()
        .map(r -> {
          TileMask m = topics.tileMasks().valueSerde().deserializer().deserialize(r.topic(), r.value());
          assertThat(r.key()).isEqualTo(Topics.frameKey(m.getAcquisitionId(), m.getFrameIndex()));
          return m;
        })
        .toList();
  }

  private static byte[] direct(Tile tile) {
    int n = tile.getInputWidth();
    int o = model.outputSize(n);
    float[] out = model.predict(TileInputs.normalized(tile), 1, n, n);
    return TileOutputs.ownedProbabilities(FloatBuffer.wrap(out), 0, model.classCount(), o, o, tile);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  private static String tileId(TileMask m) {
    return Topics.tileKey(m.getAcquisitionId(), m.getFrameIndex(), m.getTileIndex());
  }

  @Test
  void everyTileYieldsExactlyOneTileMaskEqualToADirectRunWithItsProvenance() throws Exception {
    Topics topics = topics("exact.");
    List<Tile> tiles = tiles("acq-exact");
    Map<String, TopicPartitionOffset> where = produce(topics, tiles);

    try (InferenceWorker worker = new InferenceWorker(config(topics, "exact-1"), model, WorkerListener.NONE)) {
      worker.start();
      await().atMost(WAIT).until(() -> allCommitted(topics));

      List<TileMask> masks = tileMasks(topics);
      assertThat(masks).hasSize(tiles.size());
      Map<String, TileMask> byTile = masks.stream().collect(Collectors.toMap(InferenceWorkerIT::tileId, m -> m));
      assertThat(byTile).hasSize(tiles.size());
      for (Tile t : tiles) {
        String key = Topics.tileKey(t.getAcquisitionId(), t.getFrameIndex(), t.getTileIndex());
        TileMask m = byTile.get(key);
        assertThat(bytes(m.getProbabilities())).as(key).isEqualTo(direct(t));
        assertThat(m.getModelId()).isEqualTo(model.modelId());
        assertThat(m.getModelSha256()).isEqualTo(model.sha256());
        assertThat(m.getDevice()).isEqualTo("cpu");
        assertThat(m.getBatchSize()).isBetween(1, 3);
        assertThat(m.getSourcePartition()).isEqualTo(where.get(key).partition());
        assertThat(m.getSourceOffset()).isEqualTo(where.get(key).offset());
        assertThat(m.getCapturedAt()).isEqualTo(TestTiles.CAPTURED);
        assertThat(m.getOwned().getWidth() * m.getOwned().getHeight() * 2).isEqualTo(m.getProbabilities().remaining());
      }
      assertThat(readCommitted(topics.deadLetters().name())).isEmpty();
      assertThat(worker.status().tilesScored()).isEqualTo(tiles.size());
      assertThat(worker.status().state()).isEqualTo(WorkerStatus.State.RUNNING);
      assertThat(worker.status().assignedPartitions()).isEqualTo(PARTITIONS);
    }
  }

  @Test
  void twoWorkersInOneGroupSplitThePartitionsAndTheTiles() throws Exception {
    Topics topics = topics("split.");
    List<Tile> tiles = tiles("acq-split");

    try (InferenceWorker a = new InferenceWorker(config(topics, "split-a"), model, WorkerListener.NONE);
        InferenceWorker b = new InferenceWorker(config(topics, "split-b"), model, WorkerListener.NONE)) {
      a.start();
      b.start();
      await().atMost(WAIT).until(() -> a.status().assignedPartitions() > 0 && b.status().assignedPartitions() > 0
          && a.status().assignedPartitions() + b.status().assignedPartitions() == PARTITIONS);
      produce(topics, tiles);
      await().atMost(WAIT).until(() -> allCommitted(topics));

      List<TileMask> masks = tileMasks(topics);
      assertThat(masks).hasSize(tiles.size());
      assertThat(masks.stream().map(InferenceWorkerIT::tileId).collect(Collectors.toSet())).hasSize(tiles.size());
      assertThat(a.status().tilesScored()).isPositive();
      assertThat(b.status().tilesScored()).isPositive();
      assertThat(a.status().tilesScored() + b.status().tilesScored()).isEqualTo(tiles.size());
    }
  }

  @Test
  void aWorkerStoppedBeforeItsCommitLosesAndDuplicatesNothingWhenAnotherTakesOver() throws Exception {
    Topics topics = topics("crash.");
    List<Tile> tiles = tiles("acq-crash");
    produce(topics, tiles);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stuck = new CountDownLatch(1);
    AtomicInteger transactions = new AtomicInteger();
    // The first transaction commits; the second stops before its commit, as a killed process would.
    TransactionHook freezeOnSecond = () -> {
      if (transactions.incrementAndGet() == 2) {
        stuck.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    WorkerConfig crashing = config(topics, "crash-a")
        .withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(200))
        .withOverrides(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 5000), Map.of());
    InferenceWorker a = new InferenceWorker(crashing, model, WorkerListener.NONE, freezeOnSecond);
    InferenceWorker b = new InferenceWorker(config(topics, "crash-b"), model, WorkerListener.NONE);
    try {
      a.start();
      assertThat(stuck.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      long committedBeforeCrash = tileMasks(topics).size();
      assertThat(committedBeforeCrash).isBetween(1L, 5L);

      // a's open transaction holds tile masks and offsets; b takes its partitions over.
      b.start();
      await().atMost(WAIT).until(() -> allCommitted(topics));

      List<TileMask> masks = tileMasks(topics);
      assertThat(masks).hasSize(tiles.size());
      assertThat(masks.stream().map(InferenceWorkerIT::tileId).collect(Collectors.toSet())).hasSize(tiles.size());
      assertThat(b.status().tilesScored()).isEqualTo(tiles.size() - committedBeforeCrash);
    } finally {
      release.countDown();
      a.stop(Duration.ofSeconds(20));
      b.stop(Duration.ofSeconds(20));
    }
    // Whatever a did when it woke up, nothing it had open became visible.
    assertThat(a.status().tilesScored()).isLessThan(tiles.size());
    List<TileMask> after = tileMasks(topics);
    assertThat(after).hasSize(tiles.size());
    assertThat(after.stream().map(InferenceWorkerIT::tileId).collect(Collectors.toSet())).hasSize(tiles.size());
  }

  @Test
  void badTilesGoToTheDeadLetterTopicWithAReasonAndTheWorkerGoesOn() throws Exception {
    Topics topics = topics("bad.");
    List<Tile> good = tiles("acq-bad").subList(0, 5);
    Tile base = good.get(0);
    int n = base.getInputWidth();
    float[] nan = new float[n * n];
    nan[7] = Float.NaN;
    Tile nanTile = Tile.newBuilder(base).setTileIndex(100).setPixelType(PixelType.FLOAT32)
        .setPixels(ByteBuffer.wrap(Pixels.fromFloats(nan, PixelType.FLOAT32))).build();
    Tile shortTile = Tile.newBuilder(base).setTileIndex(101).setPixels(ByteBuffer.wrap(new byte[10])).build();
    Tile wrongSize = Tile.newBuilder(base).setTileIndex(102).setInputWidth(n + 1).setInputHeight(n + 1).build();
    byte[] garbage = "not avro".getBytes();

    produce(topics, good);
    long garbageOffset = produceRaw(topics, "acq-bad/0/99", garbage);
    Map<String, TopicPartitionOffset> where = new HashMap<>(produce(topics, List.of(nanTile, shortTile, wrongSize)));
    produce(topics, tiles("acq-bad").subList(5, 8));

    try (InferenceWorker worker = new InferenceWorker(config(topics, "bad-1"), model, WorkerListener.NONE)) {
      worker.start();
      await().atMost(WAIT).until(() -> allCommitted(topics));

      List<TileMask> all = tileMasks(topics);
      assertThat(all.stream().filter(m -> m.getFailure() == null)).hasSize(8);
      // Each dead-lettered tile is also reported to the stitcher, in the same transaction, so its
      // frame closes at once (the garbage record's identity comes from its key).
      Map<Integer, String> failures = all.stream().filter(m -> m.getFailure() != null)
          .collect(Collectors.toMap(TileMask::getTileIndex, TileMask::getFailure));
      assertThat(failures.keySet()).containsExactlyInAnyOrder(99, 100, 101, 102);
      assertThat(failures.get(99)).startsWith("deserialization: ");
      assertThat(failures.get(100)).startsWith("invalid-pixels: ").contains("is NaN");
      assertThat(failures.get(102)).startsWith("invalid-tile-size: ");
      List<DeadLetter> letters = readCommitted(topics.deadLetters().name()).stream()
          .map(r -> {
            DeadLetter d = topics.deadLetters().valueSerde().deserializer().deserialize(r.topic(), r.value());
            assertThat(r.key()).isEqualTo(d.getKey());
            return d;
          }).toList();
      Map<String, DeadLetter> byKey = letters.stream().collect(Collectors.toMap(DeadLetter::getKey, d -> d));
      assertThat(byKey.keySet()).containsExactlyInAnyOrder("acq-bad/0/99", "acq-bad/0/100", "acq-bad/0/101",
          "acq-bad/0/102");
      assertThat(byKey.get("acq-bad/0/99").getErrorType()).isEqualTo(DeadLetterError.DESERIALIZATION.code());
      assertThat(bytes(byKey.get("acq-bad/0/99").getOriginal())).isEqualTo(garbage);
      assertThat(byKey.get("acq-bad/0/100").getErrorType()).isEqualTo(DeadLetterError.INVALID_PIXELS.code());
      assertThat(byKey.get("acq-bad/0/100").getReason()).contains("is NaN");
      assertThat(byKey.get("acq-bad/0/101").getErrorType()).isEqualTo(DeadLetterError.INVALID_PIXELS.code());
      assertThat(byKey.get("acq-bad/0/102").getErrorType()).isEqualTo(DeadLetterError.INVALID_TILE_SIZE.code());
      where.put("acq-bad/0/99", new TopicPartitionOffset(0, garbageOffset));
      assertThat(letters).allSatisfy(d -> {
        assertThat(d.getStage()).isEqualTo("inference");
        assertThat(d.getSourceTopic()).isEqualTo(topics.tiles().name());
        assertThat(new TopicPartitionOffset(d.getSourcePartition(), d.getSourceOffset())).isEqualTo(where.get(d.getKey()));
      });
      assertThat(worker.status().deadLetters()).isEqualTo(4);
      Set<String> scored = tileMasks(topics).stream().filter(m -> m.getFailure() == null)
          .map(InferenceWorkerIT::tileId).collect(Collectors.toSet());
      assertThat(scored).hasSize(8);
    }
  }
}
