package dev.tessera.tiler.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Kafka Streams client's state as its state listener saw it (the extension registers this
 * bean as the listener), and whether it has ever reached RUNNING.
 */
@ApplicationScoped
public class StreamState implements KafkaStreams.StateListener {

  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private volatile boolean hasRun;

  @Override
  public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    if (newState == KafkaStreams.State.RUNNING) {
      hasRun = true;
    }
    state = newState;
  }

  public KafkaStreams.State state() {
    return state;
  }

  /**
   * Running, or rebalancing after having run: later rebalances come with scaling and are brief;
   * the first one, before any task is assigned, is not ready.
   */
  public boolean isReady() {
    KafkaStreams.State current = state;
    return current == KafkaStreams.State.RUNNING || (current == KafkaStreams.State.REBALANCING && hasRun);
  }
}
