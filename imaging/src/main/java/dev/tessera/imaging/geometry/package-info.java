/**
 * The overlap-tile geometry of a valid-convolution U-Net (Ronneberger et al. 2015): margins and
 * valid input sizes derived from the architecture, the tile grid of a frame, mirroring, the
 * choice of tile size, and the geometry id tiles carry. Pure functions: no Kafka, no I/O.
 */
package dev.tessera.imaging.geometry;
