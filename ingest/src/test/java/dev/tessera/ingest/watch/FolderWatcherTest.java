package dev.tessera.ingest.watch;

import static dev.tessera.imaging.testing.TestImages.grey16;
import static dev.tessera.imaging.testing.TestImages.tiff;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.ingest.MutableClock;
import dev.tessera.ingest.publish.FrameLog;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher against a broker that goes away and comes back, without a broker (mock clients). */
class FolderWatcherTest {

  private static final Topics TOPICS = Topics.defaults();

  @TempDir
  Path folder;

  /** A producer whose sends fail while {@code down} is set. */
  private static final class FlakyProducer extends MockProducer<String, byte[]> {
    volatile boolean down = true;

    FlakyProducer(Cluster cluster) {
      super(cluster, true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
      if (down) {
        return CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s): 120000 ms has passed"));
      }
      return super.send(record, callback);
    }
  }

  private static Cluster cluster() {
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> partitions = new ArrayList<>();
    for (String topic : List.of(TOPICS.frames().name(), TOPICS.deadLetters().name())) {
      partitions.add(new PartitionInfo(topic, 0, node, new Node[] {node}, new Node[] {node}));
    }
    return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
  }

  @Test
  void aFileThatCouldNotBePublishedIsTriedAgainAndPublishedOnceTheBrokerIsBack() throws Exception {
    FlakyProducer producer = new FlakyProducer(cluster());
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    consumer.updateEndOffsets(Map.of(new TopicPartition(TOPICS.frames().name(), 0), 0L));
    FramePublisher publisher = new FramePublisher(producer, TOPICS, KafkaLimits.defaults());
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Files.write(folder.resolve("a.tif"), tiff(grey16(4, 4, (x, y) -> x)));

    try (FolderWatcher watcher = new FolderWatcher(WatchSettings.of(folder).withAcquisitionId("acq"), publisher,
        new FrameLog(consumer, TOPICS), clock, WatchListener.NONE)) {
      watcher.scan();
      clock.advance(Duration.ofSeconds(2));
      FolderWatcher.ScanReport failed = watcher.scan();
      assertThat(failed.brokerUnavailable()).isTrue();
      assertThat(failed.published()).isEmpty();
      assertThat(failed.deadLettered()).isEmpty();
      assertThat(watcher.status().lastError()).startsWith("Cannot publish " + folder.resolve("a.tif"));
      assertThat(producer.history()).isEmpty();

      producer.down = false;
      FolderWatcher.ScanReport recovered = watcher.scan();
      assertThat(recovered.published()).containsExactly("a.tif");
      assertThat(watcher.status().lastError()).isNull();
      assertThat(watcher.nextFrameIndex()).isEqualTo(1);
    }
    assertThat(producer.history()).hasSize(1);
    assertThat(Files.readString(folder.resolve(".tessera-ingest-state"))).contains("done 0 1 a.tif");
  }
}
