package dev.tessera.inference.worker;

import dev.tessera.model.runtime.Flip8;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.Tile;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores batches of tiles of one input size: pre-processing straight into the model's reused
 * direct input buffer, one run, post-processing of each tile's owned region from the output
 * buffer. No Kafka here; the worker, the benchmark and tests share it. With {@link Tta#FLIP8} each
 * batch runs in the 8 orientations and the turned-back predictions are averaged before quantizing.
 */
public final class TileScorer {

  private final UNetModel model;
  private final TileOutputs.ModelInfo info;
  private final int padTo;
  private final Tta tta;

  /** Runs each batch at its own size, without test-time augmentation. */
  public TileScorer(UNetModel model) {
    this(model, 0, Tta.NONE);
  }

  /**
   * Runs every batch shorter than {@code padTo} at {@code padTo} (the padding slots are computed and
   * ignored), so each tile size is one input shape. On a GPU a new shape costs a cuDNN algorithm
   * search for every convolution and its own buffers; a short batch costs little more than a full one.
   *
   * @param padTo the batch size to pad to, 0 or 1 for none
   * @param tta test-time augmentation of every tile
   */
  public TileScorer(UNetModel model, int padTo, Tta tta) {
    this.model = model;
    this.info = new TileOutputs.ModelInfo(model.modelId(), model.sha256(), model.device(), model.classCount());
    this.padTo = padTo;
    this.tta = tta;
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
    long start = System.nanoTime();
    List<byte[]> out = tta == Tta.FLIP8 ? flip8(tiles, w, h) : plain(tiles, w, h);
    return new Scored(out, (System.nanoTime() - start) / 1000);
  }

  private List<byte[]> plain(List<Tile> tiles, int w, int h) {
    int outW = model.outputSize(w);
    int outH = model.outputSize(h);
    int classes = model.classCount();
    int stride = w * h;
    return model.run(Math.max(tiles.size(), padTo), h, w, in -> {
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
  }

  /** One run per orientation: the input turned, the output turned back and summed, the mean quantized. */
  private List<byte[]> flip8(List<Tile> tiles, int w, int h) {
    int outW = model.outputSize(w);
    int outH = model.outputSize(h);
    int classes = model.classCount();
    int stride = w * h;
    int plane = outW * outH;
    float[][] inputs = new float[tiles.size()][];
    float[][] sums = new float[tiles.size()][classes * plane];
    for (int i = 0; i < tiles.size(); i++) {
      inputs[i] = TileInputs.normalized(tiles.get(i));
    }
    for (int t = 0; t < Flip8.ORIENTATIONS; t++) {
      Flip8.Orientation in = new Flip8.Orientation(t, w, h);
      Flip8.Orientation back = new Flip8.Orientation(t, outW, outH);
      model.run(Math.max(tiles.size(), padTo), in.height(), in.width(), buffer -> {
        for (int i = 0; i < inputs.length; i++) {
          for (int v = 0; v < in.height(); v++) {
            for (int u = 0; u < in.width(); u++) {
              buffer.put(i * stride + v * in.width() + u, inputs[i][in.source(u, v)]);
            }
          }
        }
      }, output -> {
        for (int i = 0; i < sums.length; i++) {
          for (int c = 0; c < classes; c++) {
            int base = (i * classes + c) * plane;
            for (int v = 0; v < back.height(); v++) {
              for (int u = 0; u < back.width(); u++) {
                sums[i][c * plane + back.source(u, v)] += output.get(base + v * back.width() + u);
              }
            }
          }
        }
        return null;
      });
    }
    List<byte[]> result = new ArrayList<>(tiles.size());
    for (int i = 0; i < tiles.size(); i++) {
      for (int k = 0; k < sums[i].length; k++) {
        sums[i][k] /= Flip8.ORIENTATIONS;
      }
      result.add(TileOutputs.ownedProbabilities(FloatBuffer.wrap(sums[i]), 0, classes, outH, outW, tiles.get(i)));
    }
    return result;
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
