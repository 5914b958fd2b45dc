package dev.tessera.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.CommandRun;
import dev.tessera.cli.Tessera;
import dev.tessera.records.DeadLetter;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topic;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code tessera dead-letters} on a real in-JVM broker: five committed dead letters of two
 * acquisitions, two stages and three error types (one referencing its large original instead of
 * copying it, one without a source) and an aborted one between them, listed as text and as JSON
 * Lines, all of them and filtered.
 */
@Tag("integration")
class DeadLettersCommandIT {

  private static final Topics TOPICS = Topics.withPrefix("dlt-it.");

  private static final String DESERIALIZATION_A = "2026-03-02T09:14:05.120Z stitcher deserialization acq-a/3/1"
      + " dlt-it.tile-masks-0@12 Cannot decode a TileMask: 15 bytes are not Avro single-object encoding"
      + " (\"not a tile mask\") [original: 15 bytes, copied]";
  private static final String INCOMPLETE_A = "2026-03-02T09:14:35.007Z stitcher incomplete-frame acq-a/4 - frame 4"
      + " still missed tiles 2, 3 after the frame timeout of 30 s [no original]";
  private static final String MISSING_A = "2026-03-02T09:15:00.000Z tracker missing-frames acq-a dlt-it.masks-1@40"
      + " frames 5 to 6 never reached the tracker; frame 7 is tracked across the gap"
      + " [original: 3145728 bytes at dlt-it.masks-1@40]";
  private static final String MISSING_B = "2026-03-02T10:02:11.500Z tracker missing-frames acq-b dlt-it.masks-0@9"
      + " frame 2 never reached the tracker; frame 3 is tracked across the gap [original: 12 bytes, copied]";
  private static final String DESERIALIZATION_B = "2026-03-02T10:03:00.250Z stitcher deserialization acq-b/0/2"
      + " dlt-it.tile-masks-2@5 4 bytes are not a TileMask [original: 4 bytes, copied]";

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void publishDeadLetters() throws Exception {
    kafka = EmbeddedKafka.startSingleBroker();
    KafkaSettings settings = KafkaSettings.plaintext(kafka.bootstrapServers());
    TopicAdmin.ensureTopics(settings, TopicSettings.defaults(TOPICS));
    Topic<String, DeadLetter> topic = TOPICS.deadLetters();
    Map<String, Object> props = new HashMap<>(settings.producer());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dead-letters-it");
    try (KafkaProducer<String, DeadLetter> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      send(producer, letter("2026-03-02T09:14:05.120Z", "stitcher", "deserialization", "acq-a/3/1",
          "dlt-it.tile-masks", 0, 12, "Cannot decode a TileMask: 15 bytes are not Avro single-object encoding"
              + " (\"not a tile mask\")").setOriginalSize(15)
          .setOriginal(ByteBuffer.wrap("not a tile mask".getBytes(StandardCharsets.US_ASCII))));
      send(producer, letter("2026-03-02T09:14:35.007Z", "stitcher", "incomplete-frame", "acq-a/4", null, -1, -1,
          "frame 4 still missed tiles 2, 3 after the frame timeout of 30 s"));
      send(producer, letter("2026-03-02T09:15:00Z", "tracker", "missing-frames", "acq-a", "dlt-it.masks", 1, 40,
          "frames 5 to 6 never reached the tracker; frame 7 is tracked across the gap").setOriginalSize(3 << 20)
          .setOriginalReference("dlt-it.masks-1@40"));
      send(producer, letter("2026-03-02T10:02:11.500Z", "tracker", "missing-frames", "acq-b", "dlt-it.masks", 0, 9,
          "frame 2 never reached the tracker; frame 3 is tracked across the gap").setOriginalSize(12)
          .setOriginal(ByteBuffer.wrap(new byte[12])));
      producer.commitTransaction();

      producer.beginTransaction();
      send(producer, letter("2026-03-02T10:02:30Z", "tracker", "deserialization", "acq-b", "dlt-it.masks", 0, 10,
          "aborted: read_committed never reads this"));
      producer.abortTransaction();

      producer.beginTransaction();
      send(producer, letter("2026-03-02T10:03:00.250Z", "stitcher", "deserialization", "acq-b/0/2",
          "dlt-it.tile-masks", 2, 5, "4 bytes are not a TileMask").setOriginalSize(4)
          .setOriginal(ByteBuffer.wrap(new byte[4])));
      producer.commitTransaction();
    }
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void listsEveryCommittedDeadLetterInOrderWithACountByType() {
    CommandRun all = deadLetters();

    assertThat(all.exit()).as(all.err()).isEqualTo(Tessera.EXIT_OK);
    assertThat(all.out().lines()).containsExactly(DESERIALIZATION_A, INCOMPLETE_A, MISSING_A, MISSING_B,
        DESERIALIZATION_B);
    assertThat(all.err().lines()).containsExactly(
        "5 dead letters (by type: deserialization=2, missing-frames=2, incomplete-frame=1)");
  }

  @Test
  void keepsAnAcquisitionsFrameAndTileKeysTheGivenTypesAndTheGivenStage() {
    CommandRun acquisition = deadLetters("--acquisition", "acq-a");
    CommandRun stage = deadLetters("--stage", "stitcher");
    CommandRun types = deadLetters("--type", "missing-frames", "--type", "incomplete-frame");
    CommandRun one = deadLetters("--acquisition", "acq-b", "--type", "deserialization");

    assertThat(acquisition.exit()).as(acquisition.err()).isEqualTo(Tessera.EXIT_OK);
    assertThat(acquisition.out().lines()).containsExactly(DESERIALIZATION_A, INCOMPLETE_A, MISSING_A);
    assertThat(acquisition.err().lines())
        .containsExactly("3 dead letters (by type: deserialization=1, incomplete-frame=1, missing-frames=1)");
    assertThat(stage.out().lines()).containsExactly(DESERIALIZATION_A, INCOMPLETE_A, DESERIALIZATION_B);
    assertThat(stage.err().lines()).containsExactly("3 dead letters (by type: deserialization=2, incomplete-frame=1)");
    assertThat(types.out().lines()).containsExactly(INCOMPLETE_A, MISSING_A, MISSING_B);
    assertThat(types.err().lines()).containsExactly("3 dead letters (by type: missing-frames=2, incomplete-frame=1)");
    assertThat(one.exit()).as(one.err()).isEqualTo(Tessera.EXIT_OK);
    assertThat(one.out().lines()).containsExactly(DESERIALIZATION_B);
    assertThat(one.err().lines()).containsExactly("1 dead letter (by type: deserialization=1)");
  }

  @Test
  void writesJsonLinesWithTheFieldsButTheCopiedValue() {
    CommandRun json = deadLetters("--format", "json", "--acquisition", "acq-a");

    assertThat(json.exit()).as(json.err()).isEqualTo(Tessera.EXIT_OK);
    assertThat(json.out().lines()).containsExactly(
        "{\"failedAt\":\"2026-03-02T09:14:05.120Z\",\"stage\":\"stitcher\",\"errorType\":\"deserialization\","
            + "\"key\":\"acq-a/3/1\",\"sourceTopic\":\"dlt-it.tile-masks\",\"sourcePartition\":0,\"sourceOffset\":12,"
            + "\"reason\":\"Cannot decode a TileMask: 15 bytes are not Avro single-object encoding"
            + " (\\\"not a tile mask\\\")\",\"originalSize\":15,\"originalCopied\":true,\"originalReference\":null}",
        "{\"failedAt\":\"2026-03-02T09:14:35.007Z\",\"stage\":\"stitcher\",\"errorType\":\"incomplete-frame\","
            + "\"key\":\"acq-a/4\",\"sourceTopic\":null,\"sourcePartition\":-1,\"sourceOffset\":-1,"
            + "\"reason\":\"frame 4 still missed tiles 2, 3 after the frame timeout of 30 s\",\"originalSize\":-1,"
            + "\"originalCopied\":false,\"originalReference\":null}",
        "{\"failedAt\":\"2026-03-02T09:15:00.000Z\",\"stage\":\"tracker\",\"errorType\":\"missing-frames\","
            + "\"key\":\"acq-a\",\"sourceTopic\":\"dlt-it.masks\",\"sourcePartition\":1,\"sourceOffset\":40,"
            + "\"reason\":\"frames 5 to 6 never reached the tracker; frame 7 is tracked across the gap\","
            + "\"originalSize\":3145728,\"originalCopied\":false,\"originalReference\":\"dlt-it.masks-1@40\"}");
    assertThat(json.err()).isEmpty();
  }

  @Test
  void saysSoWhenNothingMatchesAndExitsZero() {
    CommandRun prefix = deadLetters("--acquisition", "acq");
    CommandRun typo = deadLetters("--type", "missing-frame", "--stage", "tracker");

    assertThat(prefix.exit()).as(prefix.err()).isEqualTo(Tessera.EXIT_OK);
    assertThat(prefix.out()).isEmpty();
    assertThat(prefix.err().lines())
        .containsExactly("tessera: no dead letters of acquisition acq on dlt-it.dead-letters");
    assertThat(typo.exit()).as(typo.err()).isEqualTo(Tessera.EXIT_OK);
    assertThat(typo.out()).isEmpty();
    assertThat(typo.err().lines()).containsExactly(
        "tessera: --type missing-frame is not an error type of this release (schemas/README.md lists them); only dead"
            + " letters written by another release can match it",
        "tessera: no dead letters of type missing-frame from stage tracker on dlt-it.dead-letters");
  }

  @Test
  void namesTheMissingTopicAndTheClusterAndExitsOne() {
    CommandRun missing = CommandRun.of("dead-letters", "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic-prefix", "nowhere.");

    assertThat(missing.exit()).isEqualTo(Tessera.EXIT_FAILED);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err().lines()).containsExactly(
        "tessera dead-letters: topic nowhere.dead-letters does not exist on " + kafka.bootstrapServers());
  }

  private static CommandRun deadLetters(String... options) {
    List<String> args = new ArrayList<>(List.of("dead-letters", "--bootstrap-servers",
        kafka.bootstrapServers(), "--topic-prefix", TOPICS.prefix()));
    args.addAll(List.of(options));
    return CommandRun.of(args.toArray(String[]::new));
  }

  private static DeadLetter.Builder letter(String failedAt, String stage, String errorType, String key,
      String sourceTopic, int partition, long offset, String reason) {
    return DeadLetter.newBuilder().setFailedAt(Instant.parse(failedAt)).setStage(stage).setErrorType(errorType)
        .setKey(key).setSourceTopic(sourceTopic).setSourcePartition(partition).setSourceOffset(offset)
        .setReason(reason);
  }

  private static void send(KafkaProducer<String, DeadLetter> producer, DeadLetter.Builder letter) throws Exception {
    DeadLetter value = letter.build();
    producer.send(new ProducerRecord<>(TOPICS.deadLetters().name(), value.getKey(), value)).get(30, TimeUnit.SECONDS);
  }
}
