/**
 * The local mode: every stage (tiler, inference workers, stitcher) in one JVM through the same
 * plain-Java cores the services run, on an embedded KRaft broker or an existing cluster.
 */
package dev.tessera.cli.local;
