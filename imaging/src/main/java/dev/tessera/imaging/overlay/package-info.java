/**
 * Colour overlays of segmentations on their grey frames, for the eye: instances tinted and
 * outlined (the launcher's output), truth against prediction (the trainer's evaluation). Pure
 * functions on pixel arrays; {@link dev.tessera.imaging.io.ImageFiles} writes them.
 */
package dev.tessera.imaging.overlay;
