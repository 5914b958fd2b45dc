/** Trains the paper's U-Net with DJL and exports it to ONNX. */
package dev.tessera.trainer;
