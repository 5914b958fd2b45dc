/**
 * The HTTP upload logic, without HTTP: turns an upload (content type, headers, body) into frames
 * published with per-acquisition frame indices, or a rejection with a status and a reason. The
 * Quarkus resource in {@code service} only maps requests and responses onto it.
 */
package dev.tessera.ingest.upload;
