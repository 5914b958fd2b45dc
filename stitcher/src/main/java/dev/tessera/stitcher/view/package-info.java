/**
 * The live view of the running acquisitions, without an HTTP server: {@link
 * dev.tessera.stitcher.view.LiveFeed} reads frames, masks, object tables and dead letters from the
 * end of their topics into {@link dev.tessera.stitcher.view.LiveState} (each acquisition's newest
 * overlay, frame rate, cell count and dead letters) and pushes each change to its subscribers;
 * {@link dev.tessera.stitcher.view.LivePage} answers the page, the state and the overlays and
 * encodes the server-sent events. Two thin front ends serve it: the launcher's {@code tessera
 * view} (the JDK's HTTP server) and the stitcher service ({@code /view}, Vert.x). No Quarkus, no
 * Kafka Streams, nothing of the stitching itself.
 */
package dev.tessera.stitcher.view;
