/**
 * Cutting one frame into its tiles: validation against the configured limits, the per-frame choice
 * of tile size and normalization, and the mirrored tiles themselves. Plain Java without Kafka, so
 * the stream, the local mode and the benchmark share it.
 */
package dev.tessera.tiler.tiling;
