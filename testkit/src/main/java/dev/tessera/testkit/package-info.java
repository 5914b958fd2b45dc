/**
 * A real Kafka cluster (KRaft, brokers and controller in this JVM) for integration tests and for
 * Tessera's local mode, built on Kafka's own {@code KafkaClusterTestKit}.
 */
package dev.tessera.testkit;
