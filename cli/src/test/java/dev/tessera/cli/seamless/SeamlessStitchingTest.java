package dev.tessera.cli.seamless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.model.runtime.FrameInference;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.model.onnx.UNetOnnx;
import dev.tessera.model.onnx.UNetWeights;
import dev.tessera.inference.worker.TileInputs;
import dev.tessera.inference.worker.TileOutputs;
import dev.tessera.inference.worker.TileScorer;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.Normalization;
import dev.tessera.records.PixelType;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.Pixels;
import dev.tessera.schemas.Probabilities;
import dev.tessera.stitcher.assembly.FrameStitcher;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import dev.tessera.imaging.normalize.Normalizer;
import dev.tessera.tiler.tiling.FrameTiler;
import dev.tessera.tiler.tiling.FrameTiles;
import dev.tessera.tiler.tiling.TilerSettings;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seamlessness end to end (DESIGN.md section 3): a frame cut by the tiler, each tile scored by a
 * real ONNX U-Net in ONNX Runtime through the inference worker's pre- and post-processing, the
 * tile masks stitched in shuffled order, equals one-shot inference of the mirrored whole frame:
 * class labels identical pixel for pixel, quantized probabilities within one step (the two runs
 * differ only by float rounding), for several tile sizes.
 */
class SeamlessStitchingTest {

  private static final int DEPTH = 2;
  private static final int CLASSES = 2;
  private static final int WIDTH = 150;
  private static final int HEIGHT = 110;
  private static UNetModel model;
  private static Frame frame;

  @BeforeAll
  static void loadModelAndFrame() {
    ModelCard card = new ModelCard("seamless-d2-w4", DEPTH, List.of("background", "cell"), 1,
        new NormalizationSpec.Range(), ModelCard.SelfTest.NONE, "generated in a test", "{}", "{}", "test");
    byte[] onnx = UNetOnnx.build(UNetWeights.random(DEPTH, 4, CLASSES, 17), card);
    model = UNetModel.load(onnx, ModelOptions.cpu().withIntraOpThreads(1));
    frame = syntheticFrame();
  }

  @AfterAll
  static void closeModel() {
    if (model != null) {
      model.close();
    }
  }

  /** A UINT16 frame of bright blobs on a ramp with noise: structure at every scale the tiles cut through. */
  private static Frame syntheticFrame() {
    Random random = new Random(3);
    int[] raw = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        double dx = x % 23 - 11;
        double dy = y % 19 - 9;
        double blob = Math.exp(-(dx * dx + dy * dy) / 30.0);
        raw[y * WIDTH + x] = (int) (800 + 5 * x + 3000 * blob + random.nextInt(200));
      }
    }
    return Frame.newBuilder()
        .setAcquisitionId("seam")
        .setFrameIndex(0)
        .setWidth(WIDTH)
        .setHeight(HEIGHT)
        .setPixelType(PixelType.UINT16)
        .setPixels(ByteBuffer.wrap(Pixels.fromUint16(raw)))
        .setCapturedAt(Instant.ofEpochMilli(1000))
        .setAttributes(Map.of())
        .build();
  }

  @ParameterizedTest(name = "input {0}")
  @ValueSource(ints = {44, 60, 76, 108, 156})
  void stitchedTilesEqualOneShotInferenceOfTheMirroredFrame(int inputSize) {
    TilerSettings settings = TilerSettings.builder().depth(DEPTH).normalization(new NormalizationSpec.Range())
        .fixedInputSize(inputSize).build();
    FrameTiles cut = new FrameTiler(settings).prepare(frame, 0, 0, Instant.ofEpochMilli(2000));
    assertThat(cut.tileCount()).as("tiles at input %d", inputSize).isGreaterThan(1);

    List<TileMask> masks = new ArrayList<>();
    TileScorer scorer = new TileScorer(model);
    for (Tile tile : cut.tiles()) {
      assertThat(TileInputs.check(tile, model.geometry())).isEmpty();
      byte[] probabilities = scorer.score(List.of(tile)).probabilities().get(0);
      masks.add(TileOutputs.tileMask(tile, probabilities, scorer.modelInfo(), 1, 0, -1, -1, Instant.ofEpochMilli(3000)));
    }
    Collections.shuffle(masks, new Random(inputSize));
    Mask stitched = new FrameStitcher(1, InstanceOptions.defaults()).stitch(masks, 4000).mask();

    float[] oneShot = FrameInference.oneShot(model, normalized(frame, cut.normalization()), WIDTH, HEIGHT);
    int pixels = WIDTH * HEIGHT;
    byte[] expectedLabels = new byte[pixels];
    int maxStep = 0;
    ByteBuffer foreground = stitched.getForeground();
    for (int i = 0; i < pixels; i++) {
      int background = Probabilities.level(Probabilities.quantize(oneShot[i]));
      int cell = Probabilities.level(Probabilities.quantize(oneShot[pixels + i]));
      expectedLabels[i] = (byte) (cell > background ? 1 : 0);
      maxStep = Math.max(maxStep, Math.abs(cell - (foreground.get(foreground.position() + i) & 0xFF)));
    }
    assertThat(stitched.getClassLabels()).isEqualTo(ByteBuffer.wrap(expectedLabels));
    assertThat(maxStep).as("largest difference in quantized foreground levels").isLessThanOrEqualTo(1);
    assertThat(stitched.getTileCount()).isEqualTo(cut.tileCount());
    assertThat(stitched.getModelSha256()).isEqualTo(model.sha256());
  }

  @Test
  void theModelSeparatesForegroundFromBackgroundSomewhere() {
    // Guards the test above against a degenerate network that answers one class everywhere.
    float[] oneShot = FrameInference.oneShot(model, normalized(frame, new FrameTiler(TilerSettings.builder()
        .depth(DEPTH).normalization(new NormalizationSpec.Range()).build()).prepare(frame, 0, 0, Instant.EPOCH)
        .normalization()), WIDTH, HEIGHT);
    int pixels = WIDTH * HEIGHT;
    int cells = 0;
    for (int i = 0; i < pixels; i++) {
      cells += oneShot[pixels + i] > oneShot[i] ? 1 : 0;
    }
    assertThat(cells).isBetween(1, pixels - 1);
  }

  /** The frame as the network sees it, as the workers compute it per tile. */
  private static float[] normalized(Frame f, Normalization n) {
    return Normalizer.apply(n, f.getPixels(), f.getPixelType());
  }
}
