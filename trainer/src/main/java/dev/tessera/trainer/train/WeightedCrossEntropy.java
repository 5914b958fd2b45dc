package dev.tessera.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The paper's energy: pixel-wise softmax cross-entropy weighted by the weight map, averaged over
 * the output pixels of the batch. Labels are {@code [one-hot classes [N, C, H, W], weights
 * [N, 1, H, W]]}; predictions the network's logits {@code [N, C, H, W]} (log-softmax here, which
 * is numerically safer than a softmax followed by a logarithm).
 */
public final class WeightedCrossEntropy extends Loss {

  public WeightedCrossEntropy() {
    super("weighted_softmax_cross_entropy");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    NDArray oneHot = labels.get(0);
    NDArray weights = labels.get(1);
    NDArray logProbability = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}, true);
    return logProbability.mul(weights).neg().mean();
  }
}
