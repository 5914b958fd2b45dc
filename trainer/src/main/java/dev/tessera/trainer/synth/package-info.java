/**
 * Synthetic microscopy with exact instance labels (single frames and time lapses in which cells
 * drift and divide), deterministic for a seed; also written as data folders.
 */
package dev.tessera.trainer.synth;
