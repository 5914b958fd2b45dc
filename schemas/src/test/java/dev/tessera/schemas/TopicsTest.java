package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void namesEveryTopicUnderTheDefaultPrefixInDataFlowOrder() {
    Topics topics = Topics.defaults();

    assertThat(topics.prefix()).isEqualTo("tessera.");
    assertThat(topics.all()).extracting(Topic::name).containsExactly(
        "tessera.frames",
        "tessera.tiles",
        "tessera.tile-masks",
        "tessera.masks",
        "tessera.objects",
        "tessera.tracks",
        "tessera.track-summaries",
        "tessera.dead-letters");
    assertThat(topics.frames().name()).isEqualTo("tessera.frames");
    assertThat(topics.deadLetters()).hasToString("tessera.dead-letters");
  }

  @Test
  void namesEveryTopicUnderACustomPrefix() {
    Topics topics = Topics.withPrefix("lab-7_scope.");

    assertThat(topics.all()).extracting(Topic::name).containsExactly(
        "lab-7_scope.frames",
        "lab-7_scope.tiles",
        "lab-7_scope.tile-masks",
        "lab-7_scope.masks",
        "lab-7_scope.objects",
        "lab-7_scope.tracks",
        "lab-7_scope.track-summaries",
        "lab-7_scope.dead-letters");
  }

  @Test
  void acceptsAnEmptyPrefix() {
    assertThat(Topics.withPrefix("").tileMasks().name()).isEqualTo("tile-masks");
  }

  @Test
  void rejectsAPrefixWithCharactersKafkaForbids() {
    assertThatThrownBy(() -> Topics.withPrefix("tessera/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Topic prefix 'tessera/' is not legal: use letters, digits, '.', '_' and '-' only");
    assertThatThrownBy(() -> Topics.withPrefix("my topics."))
        .hasMessageContaining("'my topics.'");
    assertThatThrownBy(() -> Topics.withPrefix(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Topic prefix 'null' is not legal");
  }

  @Test
  void givesEveryTopicTheSerdeOfItsRecordType() {
    Topics topics = Topics.defaults();

    assertThat(valueType(topics.frames())).isEqualTo(Frame.class);
    assertThat(valueType(topics.tiles())).isEqualTo(Tile.class);
    assertThat(valueType(topics.tileMasks())).isEqualTo(TileMask.class);
    assertThat(valueType(topics.masks())).isEqualTo(Mask.class);
    assertThat(valueType(topics.objects())).isEqualTo(ObjectTable.class);
    assertThat(valueType(topics.deadLetters())).isEqualTo(DeadLetter.class);
    assertThat(topics.frames().keySerde().serializer().serialize("t", "acq-1")).containsExactly('a', 'c', 'q', '-', '1');
  }

  @Test
  void keysATileByAcquisitionFrameAndTile() {
    assertThat(Topics.tileKey("acq-2026-11-21", 17L, 5)).isEqualTo("acq-2026-11-21/17/5");
  }

  @Test
  void keysATileMaskByAcquisitionAndFrame() {
    assertThat(Topics.frameKey("acq-2026-11-21", 17L)).isEqualTo("acq-2026-11-21/17");
    assertThat(Topics.tileKey("acq", 3L, 0)).startsWith(Topics.frameKey("acq", 3L) + "/");
  }

  @Test
  void defaultSettingsGiveEachTopicItsPartitionsAndRetention() {
    Map<String, TopicSettings> settings = TopicSettings.defaults(Topics.withPrefix("t."));

    assertThat(settings.keySet()).containsExactly(
        "t.frames", "t.tiles", "t.tile-masks", "t.masks", "t.objects", "t.tracks", "t.track-summaries",
        "t.dead-letters");
    assertThat(settings).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().partitions()).containsExactly(
        "t.frames=3", "t.tiles=6", "t.tile-masks=3", "t.masks=3", "t.objects=3", "t.tracks=3",
        "t.track-summaries=3", "t.dead-letters=1");
    assertThat(settings.get("t.track-summaries").retention()).isEqualTo(Duration.ofDays(30));
    assertThat(settings.get("t.frames").retention()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.get("t.tiles").retention()).isEqualTo(Duration.ofDays(1));
    assertThat(settings.get("t.dead-letters").retention()).isEqualTo(Duration.ofDays(30));
    assertThat(settings.values()).allSatisfy(s -> assertThat(s.replicationFactor()).isEmpty());
  }

  @Test
  void newTopicCarriesTheRecordSizeLimitRetentionAndProducerCompression() {
    KafkaLimits limits = KafkaLimits.defaults();
    TopicSettings frames = TopicSettings.defaults(Topics.defaults()).get("tessera.frames");

    NewTopic topic = frames.newTopic("tessera.frames", limits);

    assertThat(topic.name()).isEqualTo("tessera.frames");
    assertThat(topic.numPartitions()).isEqualTo(3);
    assertThat(topic.replicationFactor()).isEqualTo((short) -1);
    assertThat(topic.configs()).containsOnly(
        entry("max.message.bytes", Integer.toString(limits.topicMaxMessageBytes())),
        entry("retention.ms", "604800000"),
        entry("compression.type", "producer"));
    assertThat(limits.topicMaxMessageBytes()).isEqualTo(72 * 1024 * 1024 + 64 * 1024);
  }

  @Test
  void newTopicUsesAnExplicitReplicationFactor() {
    TopicSettings settings = new TopicSettings(2, Optional.of((short) 3), Optional.of(2), Duration.ofHours(1));

    NewTopic topic = settings.newTopic("x", new KafkaLimits(2 * 1024 * 1024, "zstd"));

    assertThat(topic.replicationFactor()).isEqualTo((short) 3);
    assertThat(topic.configs()).containsEntry("max.message.bytes", Integer.toString(2 * 1024 * 1024 + 64 * 1024))
        .containsEntry("min.insync.replicas", "2");
    assertThat(TopicSettings.defaults(Topics.defaults(), Optional.of((short) 3), Optional.of(2)).values())
        .allSatisfy(t -> assertThat(t.replicationFactor()).hasValue((short) 3))
        .allSatisfy(t -> assertThat(t.minInsyncReplicas()).hasValue(2));
  }

  @Test
  void rejectsSettingsThatCannotMakeATopic() {
    assertThatThrownBy(() -> new TopicSettings(0, Optional.empty(), Optional.empty(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitions must be at least 1, was 0");
    assertThatThrownBy(() -> new TopicSettings(1, Optional.of((short) 0), Optional.empty(), Duration.ofDays(1)))
        .hasMessage("replication-factor=0 must be at least 1");
    assertThatThrownBy(() -> new TopicSettings(1, Optional.of((short) 2), Optional.of(3), Duration.ofDays(1)))
        .hasMessage("min-insync-replicas=3 must be between 1 and the replication factor 2");
    assertThatThrownBy(() -> new TopicSettings(1, Optional.empty(), Optional.empty(), Duration.ZERO))
        .hasMessage("retention must be positive, was PT0S");
  }

  @Test
  void clientLimitsLetOneRecordOfTheLargestSizeThroughAndBoundWhatAFetchHolds() {
    KafkaLimits limits = KafkaLimits.defaults();

    assertThat(limits.maxRecordBytes()).isEqualTo(72 * 1024 * 1024);
    assertThat(limits.producerProperties()).containsOnly(
        entry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 72 * 1024 * 1024 + 64 * 1024),
        entry(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * 72 * 1024 * 1024),
        entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"));
    assertThat(limits.consumerProperties()).containsOnly(
        entry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024),
        entry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024));
    assertThat(limits.brokerProperties()).containsOnly(
        entry("message.max.bytes", Integer.toString(limits.topicMaxMessageBytes())),
        entry("replica.fetch.max.bytes", Integer.toString(limits.topicMaxMessageBytes())));
  }

  @Test
  void rejectsARecordSizeBelowOneMebibyteNamingTheKey() {
    assertThatThrownBy(() -> new KafkaLimits(1024 * 1024 - 1, "none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-record-bytes=1048575 is too small: use at least 1048576 (1 MiB)");
  }

  @Test
  void rejectsARecordSizeWhoseTopicLimitWouldOverflowNamingTheKey() {
    assertThatThrownBy(() -> new KafkaLimits(Integer.MAX_VALUE, "none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-record-bytes=2147483647 is too large: use at most 2147418111");
    assertThat(new KafkaLimits(2_147_418_111, "none").topicMaxMessageBytes()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void acceptsExactlyOneMebibyte() {
    assertThat(new KafkaLimits(1024 * 1024, "lz4").maxRecordBytes()).isEqualTo(1_048_576);
  }

  @Test
  void rejectsAnUnknownCompressionNamingTheKeyAndTheAllowedValues() {
    assertThatThrownBy(() -> new KafkaLimits(KafkaLimits.DEFAULT_MAX_RECORD_BYTES, "brotli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("compression=brotli is not one of none, gzip, snappy, lz4, zstd");
  }

  @Test
  void rejectsAMissingCompressionNamingTheKey() {
    assertThatThrownBy(() -> new KafkaLimits(KafkaLimits.DEFAULT_MAX_RECORD_BYTES, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("compression=null is not one of none, gzip, snappy, lz4, zstd");
  }

  private static Class<?> valueType(Topic<String, ?> topic) {
    assertThat(topic.valueSerde()).isInstanceOf(AvroSerde.class);
    return ((AvroSerde<?>) topic.valueSerde()).type();
  }
}
