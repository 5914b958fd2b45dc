package dev.tessera.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every Tessera client reaches the cluster: the bootstrap servers, the record-size limits, and
 * any further Kafka client properties (security above all: {@code security.protocol},
 * {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.location}, ...), applied
 * alike to every producer, consumer, admin client and Kafka Streams app. The services fill it from
 * {@code tessera.kafka.*}, the launcher from {@code --bootstrap-servers} and {@code --kafka-config
 * FILE}; the stage cores only ever see this type.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param limits record sizes and compression
 * @param client further client properties, passed through as given
 */
public record KafkaSettings(String bootstrapServers, KafkaLimits limits, Map<String, String> client) {

  /**
   * Properties that Tessera sets itself, per client, for its guarantees: a pass-through value
   * would silently break exactly-once or the record-size limits, so it is refused.
   */
  static final List<String> RESERVED = List.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
      ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
      ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "processing.guarantee",
      "application.id", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
      ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
      ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG,
      ConsumerConfig.FETCH_MAX_BYTES_CONFIG, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG);

  /**
   * @throws IllegalArgumentException when the bootstrap servers are blank or a client property is
   *     one Tessera sets itself (the message names it and says which setting to use instead)
   */
  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("no bootstrap servers: give host:port of at least one broker");
    }
    bootstrapServers = bootstrapServers.strip();
    client = Map.copyOf(new TreeMap<>(client));
    for (String key : client.keySet()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException("client property " + key + " is set by Tessera itself and cannot be"
            + " passed through" + (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                ? ": give the bootstrap servers as such" : key.contains("bytes") || key.contains("size")
                    || key.contains("compression") ? ": use the record-size limit and compression settings" : ""));
      }
    }
  }

  /** Plain-text defaults: {@code bootstrapServers} with default limits and no further properties. */
  public static KafkaSettings plaintext(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, KafkaLimits.defaults(), Map.of());
  }

  /** The same settings with other limits. */
  public KafkaSettings withLimits(KafkaLimits newLimits) {
    return new KafkaSettings(bootstrapServers, newLimits, client);
  }

  /**
   * Reads client properties from a Java properties file, as Kafka's own tools read
   * {@code --command-config}.
   *
   * @throws IOException when the file cannot be read
   */
  public static Map<String, String> readClientProperties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    Map<String, String> map = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).strip()));
    return map;
  }

  /** Bootstrap servers and the pass-through properties: what every client gets. */
  public Map<String, Object> common() {
    Map<String, Object> m = new TreeMap<>(client);
    m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return m;
  }

  /** {@link #common()} plus the producer's record-size limits and compression. */
  public Map<String, Object> producer() {
    Map<String, Object> m = common();
    m.putAll(limits.producerProperties());
    return m;
  }

  /** {@link #common()} plus the consumer's fetch limits. */
  public Map<String, Object> consumer() {
    Map<String, Object> m = common();
    m.putAll(limits.consumerProperties());
    return m;
  }

  /** {@link #common()}, for an admin client. */
  public Map<String, Object> admin() {
    return common();
  }

  /** The security protocol in use, {@code PLAINTEXT} unless a client property says otherwise. */
  public String securityProtocol() {
    return client.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
  }

  /** Never prints secrets: passwords and JAAS configs are masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    client.forEach((k, v) -> shown.put(k, k.contains("password") || k.contains("jaas") || k.contains("secret")
        ? "[hidden]" : v));
    return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", limits=" + limits + ", client=" + shown + "]";
  }
}
