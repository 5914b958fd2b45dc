package dev.tessera.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.local.Acquisitions;
import dev.tessera.inference.worker.TileScorer;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.Frame;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import dev.tessera.tiler.tiling.FrameTiler;
import dev.tessera.tiler.tiling.TilerSettings;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput past one worker (docs/performance.md): two inference services as separate JVMs in one
 * consumer group share a tiles topic of four partitions, two each; every tile comes back as exactly
 * one tile mask, byte for byte what the same model gives it directly, and each worker scored some.
 * It checks the split and the result, never a time.
 */
@Tag("integration")
class WorkerScalingIT {

  private static final Path MODEL = Path.of("..", "models", "demo", "model.onnx").toAbsolutePath();
  private static final Path OUT = Path.of("target", "worker-scaling");
  private static final Pattern ASSIGNED = Pattern.compile("\"assignedPartitions\"\\s*:\\s*(\\d+)");
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void twoWorkerProcessesTakeTwoPartitionsEachAndScoreEveryTileOnceAsTheModelDoes() throws Exception {
    Assumptions.assumeTrue(Files.exists(ServiceProcess.jarOf("inference")), "the packaged inference service is"
        + " missing (" + ServiceProcess.jarOf("inference") + "): run the whole reactor, ./mvnw -B verify");
    String run = Long.toString(System.currentTimeMillis(), 36);
    Topics topics = Topics.withPrefix("scale-" + run + ".");
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleBroker();
        UNetModel model = UNetModel.load(MODEL, ModelOptions.cpu())) {
      kafka.createTopic(topics.tiles().name(), 4, Map.of());
      kafka.createTopic(topics.tileMasks().name(), 3, Map.of());
      List<Tile> tiles = tiles(model, "scale-" + run);

      Map<String, String> props = workerProperties(kafka, topics, "scale-workers-" + run);
      ServiceProcess a = worker("a", run, props);
      ServiceProcess b = worker("b", run, props);
      try (a; b) {
        startAndSplitTheFourPartitions(a, b);

        KafkaSettings client = KafkaSettings.plaintext(kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client.producer(), new StringSerializer(),
            new ByteArraySerializer())) {
          for (Tile t : tiles) {
            producer.send(new ProducerRecord<>(topics.tiles().name(),
                Topics.tileKey(t.getAcquisitionId(), t.getFrameIndex(), t.getTileIndex()),
                topics.tiles().valueSerde().serializer().serialize(topics.tiles().name(), t)));
          }
        }
        Map<String, TileMask> masks = readTileMasks(client, topics, tiles.size());

        assertThat(masks).hasSize(tiles.size());
        TileScorer direct = new TileScorer(model);
        for (Tile t : tiles) {
          TileMask m = masks.get(t.getFrameIndex() + "/" + t.getTileIndex());
          assertThat(m).as("tile %d/%d", t.getFrameIndex(), t.getTileIndex()).isNotNull();
          assertThat(bytes(m.getProbabilities())).as("tile %d/%d", t.getFrameIndex(), t.getTileIndex())
              .isEqualTo(direct.score(List.of(t)).probabilities().get(0));
        }
        double byA = tilesScored(a);
        double byB = tilesScored(b);
        assertThat(byA).as("tiles scored by worker a").isPositive();
        assertThat(byB).as("tiles scored by worker b").isPositive();
        assertThat(byA + byB).isEqualTo(tiles.size());
      }
    }
  }

  /**
   * Static membership: a worker back after {@code kill -9} rejoins as the member it was, at once, instead of waiting
   * for the group to expire the old member's session. The session timeout is set far above the bound, so only a
   * rejoin that does not wait for it meets the bound, on a slow machine too.
   */
  @Test
  void aWorkerRestartedAfterKill9TakesItsPartitionsBackWithoutWaitingOutTheOldSession() throws Exception {
    Assumptions.assumeTrue(Files.exists(ServiceProcess.jarOf("inference")), "the packaged inference service is"
        + " missing (" + ServiceProcess.jarOf("inference") + "): run the whole reactor, ./mvnw -B verify");
    String run = Long.toString(System.currentTimeMillis(), 36);
    Topics topics = Topics.withPrefix("restart-" + run + ".");
    Duration sessionTimeout = Duration.ofMinutes(5);
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleBroker()) {
      kafka.createTopic(topics.tiles().name(), 4, Map.of());
      kafka.createTopic(topics.tileMasks().name(), 3, Map.of());
      Map<String, String> props = workerProperties(kafka, topics, "restart-workers-" + run);
      props.put("tessera.kafka.client.\"session.timeout.ms\"", Long.toString(sessionTimeout.toMillis()));
      ServiceProcess a = worker("a", run, props);
      ServiceProcess b = worker("b", run, props);
      try (a; b) {
        startAndSplitTheFourPartitions(a, b);

        a.kill();
        long t0 = System.nanoTime();
        a.start();
        a.awaitReady(sessionTimeout);
        awaitAssigned(List.of(a, b), 2);
        Duration back = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("worker a back with its partitions %.1f s after kill -9%n", back.toMillis() / 1e3);

        assertThat(back).as("JVM start, model load and rejoin after kill -9; without static membership the group"
            + " holds the dead member's partitions for session.timeout.ms = %s", sessionTimeout)
            .isLessThan(sessionTimeout.dividedBy(2));
      }
    }
  }

  private static void startAndSplitTheFourPartitions(ServiceProcess a, ServiceProcess b) throws Exception {
    a.start();
    b.start();
    a.awaitReady(WAIT);
    b.awaitReady(WAIT);
    awaitAssigned(List.of(a, b), 2);
  }

  /** The settings of a worker of group {@code groupId} on a one-broker cluster, one intra-op thread each. */
  private static Map<String, String> workerProperties(EmbeddedKafka kafka, Topics topics, String groupId) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("tessera.kafka.bootstrap-servers", kafka.bootstrapServers());
    props.put("tessera.topics.prefix", topics.prefix());
    props.put("tessera.topics.replication-factor", "1");
    props.put("tessera.topics.min-insync-replicas", "1");
    props.put("tessera.inference.model-path", MODEL.toString());
    props.put("tessera.inference.group-id", groupId);
    props.put("tessera.inference.intra-op-threads", "1");
    return props;
  }

  private static ServiceProcess worker(String name, String run, Map<String, String> common) {
    Map<String, String> props = new LinkedHashMap<>(common);
    props.put("tessera.inference.transactional-id", "scale-" + run + "-" + name);
    return new ServiceProcess("inference-" + name, ServiceProcess.jarOf("inference"), props, OUT);
  }

  /** Four 300x300 frames cut as the tiler cuts them, in tiles of at most 380: several per frame. */
  private static List<Tile> tiles(UNetModel model, String acq) {
    FrameTiler tiler = new FrameTiler(TilerSettings.builder().modelCard(model.card(), MODEL.toString())
        .maxInputSize(380).build());
    List<Tile> tiles = new ArrayList<>();
    for (Frame f : Acquisitions.synthetic(acq, 300, 300, 4, 7)) {
      tiles.addAll(tiler.prepare(f, -1, -1, Instant.now()).tiles());
    }
    return tiles;
  }

  private static void awaitAssigned(List<ServiceProcess> workers, int each) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Integer> assigned = List.of();
    while (System.nanoTime() < deadline) {
      assigned = new ArrayList<>();
      for (ServiceProcess w : workers) {
        Matcher m = ASSIGNED.matcher(w.get("/q/health/ready"));
        assigned.add(m.find() ? Integer.parseInt(m.group(1)) : -1);
      }
      if (assigned.stream().allMatch(n -> n == each)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("partitions per worker never became " + each + ": " + assigned);
  }

  private static Map<String, TileMask> readTileMasks(KafkaSettings client, Topics topics, int expected) {
    Map<String, Object> props = new HashMap<>(client.consumer());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, TileMask> masks = new HashMap<>();
    int records = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topics.tileMasks().name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (records < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TileMask m = topics.tileMasks().valueSerde().deserializer().deserialize(r.topic(), r.value());
          masks.put(m.getFrameIndex() + "/" + m.getTileIndex(), m);
          records++;
        }
      }
      // anything more within a second would be a duplicate
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
        records++;
      }
    }
    assertThat(records).as("tile-mask records (duplicates included)").isEqualTo(expected);
    return masks;
  }

  private static double tilesScored(ServiceProcess worker) throws Exception {
    return worker.get("/q/metrics").lines()
        .filter(l -> l.startsWith("tessera_inference_tiles_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
