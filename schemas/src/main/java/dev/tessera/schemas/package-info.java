/**
 * The contract between Tessera's stages: Avro records (generated into {@code dev.tessera.records}),
 * their Kafka serdes in Avro single-object encoding, the typed topic registry, the idempotent
 * topic set-up, the client size limits and the pixel buffer helpers.
 */
package dev.tessera.schemas;
