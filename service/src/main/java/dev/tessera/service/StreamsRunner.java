package dev.tessera.service;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * One Kafka Streams client of a Streams service (tiler, stitcher), started and closed by the
 * service, with the state its health checks report. Readiness: running, or rebalancing after
 * having run (later rebalances come with scaling and are brief; the first one, before any task is
 * assigned, is not ready). Liveness: not failed and not shut down by an error.
 */
public final class StreamsRunner implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(StreamsRunner.class);

  private final KafkaStreams streams;
  private final StreamsConfig config;
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private volatile boolean hasRun;

  public StreamsRunner(Topology topology, Properties properties) {
    this.config = new StreamsConfig(properties);
    this.streams = new KafkaStreams(topology, config);
    // A stream thread killed by an unexpected error is replaced: its tasks resume from their last
    // commit (exactly-once), the record that failed goes to the dead letters (StreamsDeadLetters).
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("A Kafka Streams thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((newState, oldState) -> {
      if (newState == KafkaStreams.State.RUNNING) {
        hasRun = true;
      }
      state = newState;
    });
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return state;
  }

  public boolean isReady() {
    KafkaStreams.State current = state;
    return current == KafkaStreams.State.RUNNING || (current == KafkaStreams.State.REBALANCING && hasRun);
  }

  public boolean isAlive() {
    KafkaStreams.State current = state;
    return current != KafkaStreams.State.ERROR && current != KafkaStreams.State.PENDING_ERROR;
  }

  /** The configuration the client runs with. */
  public StreamsConfig config() {
    return config;
  }

  /** Closes the client, waiting up to {@code timeout} for its open transactions. */
  public void close(Duration timeout) {
    streams.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
