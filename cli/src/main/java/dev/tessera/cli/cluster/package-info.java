/**
 * The local cluster of {@code tessera up} and {@code tessera down}: a broker on a fixed port and the
 * five Quarkus services as separate JVMs, their process ids and logs in the data folder.
 */
package dev.tessera.cli.cluster;
