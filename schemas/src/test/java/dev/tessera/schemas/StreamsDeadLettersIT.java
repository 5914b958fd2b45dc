package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.DeadLetter;
import dev.tessera.testkit.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bug met by one record in an exactly-once Streams app with Tessera's handlers: it becomes one
 * dead letter naming the source record, and the stream goes on with the next records instead of
 * shutting down (and crash-looping on restart).
 */
@Tag("integration")
class StreamsDeadLettersIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aRecordThatBreaksAProcessorOrCannotBeWrittenIsDeadLetteredAndTheStreamGoesOn(@TempDir Path tmp)
      throws Exception {
    Topics topics = Topics.withPrefix("handlers.");
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleBroker()) {
      kafka.createTopic("handlers.in", 1, Map.of());
      kafka.createTopic("handlers.out", 1, Map.of());
      kafka.createTopic(topics.deadLetters().name(), 1, Map.of());
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream("handlers.in", Consumed.with(Serdes.String(), Serdes.String()))
          .mapValues(v -> {
            if (v.equals("boom")) {
              throw new IllegalStateException("a bug met by this record");
            }
            return v.toUpperCase();
          })
          .to("handlers.out", Produced.with(Serdes.String(), Serdes.String()));
      Properties props = new Properties();
      props.putAll(kafka.clientProperties());
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "handlers-it");
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(tmp.resolve("state")).toString());
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      props.putAll(StreamsDeadLetters.properties("test-stage", topics));

      try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.clientProperties(),
          new StringSerializer(), new StringSerializer())) {
        for (String v : List.of("a", "boom", "b", "c")) {
          producer.send(new ProducerRecord<>("handlers.in", "k-" + v, v)).get();
        }
      }
      try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
        streams.start();
        List<ConsumerRecord<String, byte[]>> out = read(kafka, "handlers.out", 3);
        List<ConsumerRecord<String, byte[]>> dead = read(kafka, topics.deadLetters().name(), 1);

        assertThat(out).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("A", "B", "C");
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        List<DeadLetter> letters = dead.stream()
            .map(r -> topics.deadLetters().valueSerde().deserializer().deserialize(r.topic(), r.value()))
            .toList();
        DeadLetter boom = letters.get(0);
        assertThat(boom.getErrorType()).isEqualTo("processing-error");
        assertThat(boom.getStage()).isEqualTo("test-stage");
        assertThat(boom.getSourceTopic()).isEqualTo("handlers.in");
        assertThat(boom.getSourceOffset()).isEqualTo(1);
        assertThat(boom.getKey()).isEqualTo("k-boom");
        assertThat(boom.getReason()).contains("a bug met by this record");
        assertThat(boom.getOriginal()).isEqualTo(ByteBuffer.wrap("boom".getBytes(StandardCharsets.UTF_8)));
        assertThat(letters).hasSize(1);
      }
    }
  }

  /** Reads {@code n} committed records of {@code topic}. */
  private static List<ConsumerRecord<String, byte[]>> read(EmbeddedKafka kafka, String topic, int n) {
    Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (records.size() < n && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
