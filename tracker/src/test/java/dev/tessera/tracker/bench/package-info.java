/** The tracker's benchmark, run by {@code ./mvnw -pl tracker test-compile exec:exec} (tracker/README.md). */
package dev.tessera.tracker.bench;
