/** Intensity normalization of frames, computed once per frame by the tiler and applied by the inference workers and the trainer. */
package dev.tessera.imaging.normalize;
