/**
 * The paper's U-Net (Ronneberger et al. 2015) in DJL on the PyTorch engine: depth and width
 * configurable, unpadded convolutions, its shapes following {@code tiler.geometry.UNetGeometry}.
 */
package dev.tessera.trainer.net;
