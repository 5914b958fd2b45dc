/** The {@code tessera} launcher: picocli commands for the local mode, the demo, benchmarks and the trainer. */
package dev.tessera.cli;
