/** Kafka Streams service linking the cells of each acquisition's frames into tracks. */
package dev.tessera.tracker;
