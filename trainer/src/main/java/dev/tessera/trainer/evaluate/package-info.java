/**
 * Scoring exported models on labelled images with whole-frame overlap-tile inference through ONNX
 * Runtime, and the Markdown report with overlays.
 */
package dev.tessera.trainer.evaluate;
