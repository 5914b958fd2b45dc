/** Reads TIFF/PNG acquisitions, watches folders and takes HTTP uploads, publishing frames. */
package dev.tessera.ingest;
