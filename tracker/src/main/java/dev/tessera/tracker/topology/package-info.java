/**
 * The tracker's Kafka Streams topology (Processor API, exactly-once v2): each frame's mask and
 * object table are paired, checked against each other and linked, in frame order, to the
 * acquisition's tracks ({@link dev.tessera.imaging.tracking.Linker}, whose state is a changelogged
 * store). No Quarkus, CDI or configuration lookup: the service and the launcher's local mode both
 * call {@link dev.tessera.tracker.topology.TrackerTopology#build}.
 */
package dev.tessera.tracker.topology;
