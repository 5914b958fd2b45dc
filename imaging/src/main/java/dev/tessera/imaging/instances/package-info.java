/**
 * Cell instances in a frame's foreground: connected components, an optional split of touching
 * cells by a marker-based watershed on the exact Euclidean distance transform, and the per-cell
 * rows of the object table. Pure functions on pixel arrays: no Kafka, no I/O.
 */
package dev.tessera.imaging.instances;
