/**
 * The contract between Tessera's stages: Avro records (generated into {@code dev.tessera.records}),
 * their Kafka serdes in Avro single-object encoding, the typed topic registry, the idempotent
 * topic set-up, the client size limits, the pixel buffer helpers, and the dead letters: their one
 * vocabulary of error types ({@link dev.tessera.schemas.DeadLetterError}), the rejection every
 * stage raises ({@link dev.tessera.schemas.Rejection}) and the record builder.
 */
package dev.tessera.schemas;
