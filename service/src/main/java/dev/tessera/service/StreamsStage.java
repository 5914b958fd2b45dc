package dev.tessera.service;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

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
  private volatile boolean stopping;

  protected StreamsStage(TesseraKafka kafka) {
    this.kafka = kafka;
  }

  /** For the client proxy Quarkus generates for a normal-scoped subclass; never used to run a stage. */
  protected StreamsStage() {
    this(null);
  }

  /**
   * Creates Tessera's topics (unless disabled), checks that the topics each sub-topology reads
   * together are co-partitioned, and starts {@code topology} with {@code coreProperties}.
   */
  protected void startStreams(Topology topology, Properties coreProperties) {
    kafka.ensureTopics();
    kafka.requireCopartitioned(topology);
    runner = new StreamsRunner(topology, kafka.streamsProperties(coreProperties));
    runner.start();
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true; // readiness DOWN while the stream closes its open transaction
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

  /**
   * The health of the stage's stream, named {@code name}: for readiness UP while it runs (or
   * rebalances after having run), for liveness UP unless it failed; with its state and input topic.
   * The change is logged once ({@link HealthLog}). A stage adds its own details to the builder.
   */
  public HealthCheckResponseBuilder health(String name, boolean readiness, String inputTopic) {
    HealthCheckResponseBuilder b = HealthCheckResponse.named(name).withData("input", inputTopic);
    StreamsRunner r = runner;
    if (r == null) {
      return b.status(!readiness).withData("state", "starting");
    }
    if (stopping) {
      return b.status(!readiness).withData("state", "stopping");
    }
    boolean up = HealthLog.record(name + (readiness ? " readiness" : " liveness"),
        readiness ? r.isReady() : r.isAlive(), "Kafka Streams " + r.state());
    return b.status(up).withData("state", r.state().name());
  }
}
