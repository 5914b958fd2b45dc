/**
 * Tessera's ingest stage: reads TIFF and PNG acquisitions ({@code read}), publishes their pages as
 * frames ({@code publish}), watches folders that acquisition software writes into ({@code watch}),
 * accepts HTTP uploads ({@code upload}), and wires these into a Quarkus service ({@code service}).
 */
package dev.tessera.ingest;
