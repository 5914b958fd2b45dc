/**
 * The folder watcher: publishes each image file that acquisition software writes into a folder
 * once it is complete, remembers what it published in a small state file so a restart publishes
 * nothing twice, and dead-letters files it cannot read without stopping.
 */
package dev.tessera.ingest.watch;
