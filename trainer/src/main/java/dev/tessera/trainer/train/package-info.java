/**
 * Training the U-Net: the weighted cross-entropy, SGD with momentum or Adam, run folders with
 * config, metrics, loss curve, checkpoints and the exported model.
 */
package dev.tessera.trainer.train;
