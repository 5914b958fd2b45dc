package dev.tessera.schemas;

import dev.tessera.records.DeadLetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence of a Streams stage (tiler, stitcher): an exception that escapes a
 * processor (a bug met by one record) or an output that cannot be serialized becomes a dead letter naming the source record and the error, and the stream goes
 * on instead of its client shutting down and crash-looping on the same record.
 *
 * <p>Measured limit (StreamsDeadLettersIT, Kafka Streams 4.1.1): under {@code exactly_once_v2} a
 * record the broker refuses ({@code RecordTooLargeException}) puts the transactional producer in an
 * error state whatever the handler answers, so the transaction aborts; only serialization errors and
 * processing errors are rescued here. The stages keep their outputs within the record limit.
 *
 * <p>Kafka Streams 4.1 lets a handler only answer CONTINUE or FAIL, so the dead letter goes through
 * this handler's own (idempotent, not transactional) producer, acknowledged before the stream
 * continues: if the stream's transaction then aborts, the record is processed again and may be
 * dead-lettered twice, never lost. Expected rejections (undecodable values, invalid frames, ...)
 * do not come here: the processors dead-letter them inside their transaction.
 */
public final class StreamsDeadLetters implements ProcessingExceptionHandler, ProductionExceptionHandler {

  /** Configuration key: the stage name written into each dead letter. */
  public static final String STAGE_CONFIG = "tessera.dead-letters.stage";

  /** Configuration key: the dead-letter topic. */
  public static final String TOPIC_CONFIG = "tessera.dead-letters.topic";

  private static final Logger LOG = LoggerFactory.getLogger(StreamsDeadLetters.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

  private String stage;
  private String topic;
  private Map<String, Object> producerConfig;
  private KafkaProducer<String, byte[]> producer;
  private final AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class);

  /** The Streams properties that install these handlers for {@code stage}, writing to {@code topics}' dead letters. */
  public static Properties properties(String stage, Topics topics) {
    Properties p = new Properties();
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsDeadLetters.class.getName());
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsDeadLetters.class.getName());
    p.put(STAGE_CONFIG, stage);
    p.put(TOPIC_CONFIG, topics.deadLetters().name());
    return p;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    stage = String.valueOf(configs.get(STAGE_CONFIG));
    topic = String.valueOf(configs.get(TOPIC_CONFIG));
    Map<String, Object> props = new HashMap<>();
    configs.forEach((key, value) -> {
      // the connection and its security, as every other client of the stage has them
      if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
          || key.startsWith("sasl.") || key.startsWith("ssl.")) {
        props.put(key, value);
      }
    });
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, stage + "-dead-letters");
    producerConfig = props;
  }

  /** Created at the first dead letter: most streams never need it. */
  private synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  @Override
  public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    send(context, DeadLetterError.PROCESSING_ERROR, "processing the record failed unexpectedly in "
        + context.processorNodeId() + ": " + exception, context.sourceRawValue());
    return ProcessingHandlerResponse.CONTINUE;
  }

  @Override
  public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    send(context, DeadLetterError.PRODUCTION_ERROR, "an output record for " + record.topic() + " ("
        + (record.value() == null ? 0 : record.value().length) + " bytes) could not be written: " + exception,
        context.sourceRawValue());
    return ProductionExceptionHandlerResponse.CONTINUE;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
      ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
    send(context, DeadLetterError.PRODUCTION_ERROR, "an output record for " + record.topic() + " could not be"
        + " serialized (" + origin + "): " + exception, context.sourceRawValue());
    return ProductionExceptionHandlerResponse.CONTINUE;
  }

  private void send(ErrorHandlerContext context, DeadLetterError type, String reason, byte[] original) {
    String key = context.sourceRawKey() == null ? null : new String(context.sourceRawKey(),
        java.nio.charset.StandardCharsets.UTF_8);
    DeadLetter letter = DeadLetters.of(stage, context.topic(), context.partition(), context.offset(), key, type,
        reason, original);
    LOG.error("Dead-lettering {}-{}@{} ({}): {}", context.topic(), context.partition(), context.offset(), type.code(),
        reason);
    try {
      producer().send(new ProducerRecord<>(topic, key, serde.serialize(topic, letter)))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing a dead letter", e);
    } catch (Exception e) {
      // Without its dead letter the record would be lost: fail, so the stream stops and retries it.
      throw new IllegalStateException("cannot write the dead letter of " + context.topic() + "-"
          + context.partition() + "@" + context.offset() + " (" + reason + "): " + e, e);
    }
  }
}
