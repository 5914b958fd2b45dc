/**
 * The stitcher's Kafka Streams topology (Processor API, exactly-once v2): tile masks are stored
 * per (frame, tile index), stitched when a frame is complete, timed out to the dead-letter topic
 * when not, and optionally re-ordered per acquisition before publication. No Quarkus, CDI or
 * configuration lookup: the service and the local mode both call
 * {@link dev.tessera.stitcher.topology.StitcherTopology#build}.
 */
package dev.tessera.stitcher.topology;
