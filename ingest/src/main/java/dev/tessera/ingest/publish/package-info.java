/**
 * Publishing frames to Kafka: an idempotent producer that checks each frame against the record
 * size limit before sending and waits for the broker's acknowledgement, and a reader of the
 * frames topic used to find out, after a crash, which frames of a file were already published.
 */
package dev.tessera.ingest.publish;
