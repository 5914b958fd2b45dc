/** Kafka Streams service reassembling tile masks into masks and object tables. */
package dev.tessera.stitcher;
