package dev.tessera.stitcher.service;

import dev.tessera.schemas.KafkaLimits;
import dev.tessera.stitcher.topology.StitcherTopology;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands the core's streams configuration ({@link StitcherTopology#streamsProperties}:
 * exactly-once v2, producer, consumer and internal-topic record-size limits from
 * {@code tessera.kafka.*}) to the Quarkus Kafka Streams extension as {@code kafka-streams.*}
 * properties, so the service and the local mode cannot drift apart. Its ordinal is below
 * {@code application.properties} (250), so an operator can still override a value, and above
 * the tiler's own source (200), which comes along on the classpath with the tiler's geometry.
 */
public class StitcherStreamsConfigSource implements ConfigSourceFactory {

  static final String NAME = "tessera-stitcher-streams";
  static final int ORDINAL = 210;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    KafkaLimits limits = new KafkaLimits(
        intValue(context, "tessera.kafka.max-record-bytes", KafkaLimits.DEFAULT_MAX_RECORD_BYTES),
        stringValue(context, "tessera.kafka.compression", KafkaLimits.DEFAULT_COMPRESSION));
    return List.of(new PropertiesConfigSource(properties(limits), NAME, ORDINAL));
  }

  /** The {@code kafka-streams.*} properties for {@code limits}. */
  static Map<String, String> properties(KafkaLimits limits) {
    Map<String, String> properties = new TreeMap<>();
    StitcherTopology.streamsProperties(limits)
        .forEach((key, value) -> properties.put("kafka-streams." + key, String.valueOf(value)));
    return properties;
  }

  private static int intValue(ConfigSourceContext context, String key, int fallback) {
    String value = stringValue(context, key, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=" + value + " is not a number of bytes (an integer)", e);
    }
  }

  private static String stringValue(ConfigSourceContext context, String key, String fallback) {
    ConfigValue value = context.getValue(key);
    return value == null || value.getValue() == null ? fallback : value.getValue();
  }
}
