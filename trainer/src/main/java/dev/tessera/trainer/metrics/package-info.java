/**
 * Segmentation metrics with the definitions of DESIGN.md section 7, so figures compare across
 * tools: pixel error, the ISBI 2012 Rand error, IoU and Dice, and instance F1 at an IoU threshold.
 */
package dev.tessera.trainer.metrics;
