/**
 * The model card: what a Tessera model declares in its ONNX {@code metadata_props} (DESIGN.md
 * section 4) so that the tiler, the inference workers and the model cannot disagree silently on
 * geometry or normalization.
 */
package dev.tessera.imaging.model;
