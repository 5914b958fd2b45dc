package dev.tessera.stitcher.assembly;

/**
 * One frame's class labels and foreground probability, pasted from all of its tiles.
 *
 * @param acquisitionId the acquisition
 * @param frameIndex the frame's index in its acquisition
 * @param signature geometry and model shared by the tiles
 * @param classLabels uint8 per pixel, row-major: the most probable class
 * @param foreground uint8 per pixel, row-major: the foreground class's quantized probability
 * @param capturedAt when the microscope captured the frame (epoch ms)
 * @param tiledAt when the tiler cut it (epoch ms)
 * @param firstScoredAt when its first tile was scored (epoch ms)
 * @param lastScoredAt when its last tile was scored (epoch ms)
 */
public record AssembledFrame(String acquisitionId, long frameIndex, FrameSignature signature, byte[] classLabels,
    byte[] foreground, long capturedAt, long tiledAt, long firstScoredAt, long lastScoredAt) {

  public int width() {
    return signature.frameWidth();
  }

  public int height() {
    return signature.frameHeight();
  }
}
