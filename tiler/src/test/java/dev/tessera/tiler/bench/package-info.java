/**
 * The tiling benchmark (JMH): a command that prints and saves figures, kept out of the test run
 * (its class names do not end in Test or IT).
 */
package dev.tessera.tiler.bench;
