/**
 * Training targets and the paper's loss weight map, with an exact Euclidean distance transform
 * for the distances to the nearest and second-nearest cell.
 */
package dev.tessera.trainer.weights;
