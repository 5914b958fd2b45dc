package dev.tessera.service;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.Topology;

/**
 * What the two Kafka Streams services (tiler, stitcher) share: the topic set-up, one Streams client
 * run with the core's properties and {@code tessera.kafka.streams.*} on top, closed at shutdown
 * (its open transaction finished within 30 s). A subclass validates its own keys at start-up and
 * calls {@link #startStreams}.
 */
public abstract class StreamsStage {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  protected TesseraKafka kafka;
  private volatile StreamsRunner runner;

  protected StreamsStage(TesseraKafka kafka) {
    this.kafka = kafka;
  }

  /** For the client proxy Quarkus generates for a normal-scoped subclass; never used to run a stage. */
  protected StreamsStage() {
    this(null);
  }

  /** Creates Tessera's topics (unless disabled) and starts {@code topology} with {@code coreProperties}. */
  protected void startStreams(Topology topology, Properties coreProperties) {
    kafka.ensureTopics();
    runner = new StreamsRunner(topology, kafka.streamsProperties(coreProperties));
    runner.start();
  }

  void stop(@Observes ShutdownEvent event) {
    StreamsRunner r = runner;
    if (r != null) {
      r.close(CLOSE_TIMEOUT);
    }
  }

  /** The running stream, once start-up got that far. */
  public Optional<StreamsRunner> runner() {
    return Optional.ofNullable(runner);
  }

  public TesseraKafka kafka() {
    return kafka;
  }
}
