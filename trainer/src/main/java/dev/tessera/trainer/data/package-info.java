/**
 * Training data: folders of {@code images/} and {@code labels/} (PNG or TIFF, 8/16-bit, grey or
 * colour reduced to luminance), binary or instance labels, and train / validation splits.
 */
package dev.tessera.trainer.data;
