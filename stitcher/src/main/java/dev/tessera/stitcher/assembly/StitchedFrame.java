package dev.tessera.stitcher.assembly;

import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;

/**
 * The two records published for one frame.
 *
 * @param mask class labels, foreground probability, instances and provenance
 * @param objects one row per cell
 */
public record StitchedFrame(Mask mask, ObjectTable objects) {}
