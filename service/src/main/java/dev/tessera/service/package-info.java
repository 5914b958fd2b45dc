/**
 * The wiring every Tessera service shares: the one configuration vocabulary of Kafka and topics
 * ({@link dev.tessera.service.KafkaConfig}, {@link dev.tessera.service.TopicsConfig}) turned into
 * the cores' typed settings once ({@link dev.tessera.service.TesseraKafka}), topic set-up, key-named
 * configuration errors ({@link dev.tessera.service.ConfigErrors}) and the Kafka Streams lifecycle of
 * the Streams services ({@link dev.tessera.service.StreamsRunner}).
 */
package dev.tessera.service;
