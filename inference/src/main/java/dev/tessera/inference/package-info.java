/** Inference workers scoring tiles with a U-Net in ONNX Runtime. */
package dev.tessera.inference;
