/**
 * From a trained DJL network to the ONNX model artifact with its model card, and the training
 * checkpoints it is exported from.
 */
package dev.tessera.trainer.export;
