/**
 * The tiler's Kafka Streams topology (frames in, tiles and dead letters out) and its streams
 * configuration. No CDI and no configuration lookup: the Quarkus service and the local mode both
 * build it from a {@link dev.tessera.tiler.tiling.TilerSettings}.
 */
package dev.tessera.tiler.topology;
