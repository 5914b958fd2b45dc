package dev.tessera.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  @Test
  void rejectsAClusterWithoutBrokers() {
    assertThatThrownBy(() -> EmbeddedKafka.builder().brokers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("brokers must be at least 1, was 0");
  }
}
