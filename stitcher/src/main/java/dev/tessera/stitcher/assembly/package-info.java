/**
 * Reassembly of one frame from its tile masks: the checks every tile must pass against its frame's
 * tile plan, and the class labels and foreground probability built from the tiles' owned regions.
 * Pure functions: no Kafka, no I/O.
 */
package dev.tessera.stitcher.assembly;
