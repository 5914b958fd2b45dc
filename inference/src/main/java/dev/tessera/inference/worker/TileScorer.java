package dev.tessera.inference.worker;

import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.Tile;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores batches of tiles of one input size: pre-processing straight into the model's reused
 * direct input buffer, one run, post-processing of each tile's owned region from the output
 * buffer. No Kafka here; the worker, the benchmark and tests share it.
 */
public final class TileScorer {

  private final UNetModel model;
  private final TileOutputs.ModelInfo info;
  private final int padTo;

  /** Runs each batch at its own size. */
  public TileScorer(UNetModel model) {
    this(model, 0);
  }

  /**
   * Runs every batch shorter than {@code padTo} at {@code padTo} (the padding slots are computed and
   * ignored), so each tile size is one input shape. On a GPU a new shape costs a cuDNN algorithm
   * search for every convolution and its own buffers; a short batch costs little more than a full one.
   *
   * @param padTo the batch size to pad to, 0 or 1 for none
   */
  public TileScorer(UNetModel model, int padTo) {
    this.model = model;
    this.info = new TileOutputs.ModelInfo(model.modelId(), model.sha256(), model.device(), model.classCount());
    this.padTo = padTo;
  }

  public UNetModel model() {
    return model;
  }

  /** The provenance tile masks carry. */
  public TileOutputs.ModelInfo modelInfo() {
    return info;
  }

  /**
   * Scores tiles that all passed {@link TileInputs#check} and share one input size.
   *
   * @return each tile's quantized owned probabilities, in order, and the batch's wall time
   * @throws IllegalArgumentException when the tiles do not share a size
   * @throws dev.tessera.model.runtime.InferenceException when ONNX Runtime fails
   */
  public Scored score(List<Tile> tiles) {
    if (tiles.isEmpty()) {
      return new Scored(List.of(), 0);
    }
    int w = tiles.get(0).getInputWidth();
    int h = tiles.get(0).getInputHeight();
    for (Tile t : tiles) {
      if (t.getInputWidth() != w || t.getInputHeight() != h) {
        throw new IllegalArgumentException("a batch shares one input size: " + w + "x" + h + " and "
            + t.getInputWidth() + "x" + t.getInputHeight() + " differ");
      }
    }
    int outW = model.outputSize(w);
    int outH = model.outputSize(h);
    int classes = model.classCount();
    int stride = w * h;
    long start = System.nanoTime();
    List<byte[]> out = model.run(Math.max(tiles.size(), padTo), h, w, in -> {
      for (int i = 0; i < tiles.size(); i++) {
        TileInputs.fill(in, i * stride, tiles.get(i));
      }
    }, output -> {
      List<byte[]> result = new ArrayList<>(tiles.size());
      for (int i = 0; i < tiles.size(); i++) {
        result.add(TileOutputs.ownedProbabilities(output, i, classes, outH, outW, tiles.get(i)));
      }
      return result;
    });
    return new Scored(out, (System.nanoTime() - start) / 1000);
  }

  /**
   * Runs one batch of zeros at {@code inputSize} (padded like any batch), so the shape's first,
   * slow run happens now; returns its wall time in milliseconds.
   */
  public long warmUp(int inputSize) {
    long start = System.nanoTime();
    model.run(Math.max(1, padTo), inputSize, inputSize, in -> { }, out -> null);
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * A scored batch.
   *
   * @param probabilities per tile, {@link TileOutputs#ownedProbabilities}
   * @param micros wall time of pre-processing, the run and post-processing
   */
  public record Scored(List<byte[]> probabilities, long micros) {}
}
