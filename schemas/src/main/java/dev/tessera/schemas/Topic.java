package dev.tessera.schemas;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values, so producers, consumers, topologies and tests
 * cannot disagree on a topic's types.
 *
 * @param name the full topic name, prefix included
 * @param keySerde serde of the keys
 * @param valueSerde serde of the values
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  @Override
  public String toString() {
    return name;
  }
}
