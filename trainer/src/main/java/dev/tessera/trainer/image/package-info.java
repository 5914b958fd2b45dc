/**
 * The trainer's own image operations: a one-pixel gap between touching cells of a label image
 * (training targets, data), Gaussian smoothing. Connected components are imaging's.
 */
package dev.tessera.trainer.image;
