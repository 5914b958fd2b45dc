/**
 * The inference worker: a plain Kafka consumer and transactional producer around a {@link
 * dev.tessera.model.runtime.UNetModel}, with the pre-processing of tiles into the model's input
 * buffers, the post-processing of its output into tile masks, and batching. Plain Java: the
 * Quarkus service and the local mode both run it.
 */
package dev.tessera.inference.worker;
