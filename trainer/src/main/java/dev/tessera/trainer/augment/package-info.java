/**
 * The paper's data augmentation: elastic deformation from a coarse random grid, shifts, quarter
 * turns, flips and grey-value variation, applied while cutting mirrored training tiles.
 */
package dev.tessera.trainer.augment;
