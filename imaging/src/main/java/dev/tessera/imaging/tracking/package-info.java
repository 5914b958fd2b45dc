/** Linking the cells of a time lapse into tracks (Cell Tracking Challenge semantics), free of Kafka. */
package dev.tessera.imaging.tracking;
