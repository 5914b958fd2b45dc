package dev.tessera.cli;

import dev.tessera.imaging.instances.Connectivity;
import dev.tessera.imaging.instances.InstanceOptions;
import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.inference.worker.Tta;
import dev.tessera.model.runtime.Device;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.stitcher.topology.StitcherSettings;
import dev.tessera.tiler.tiling.TilerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the pipeline: model, device, workers, tile size, cell splitting. */
public final class PipelineOptions {

  @Option(names = "--model", paramLabel = "FILE",
      description = "ONNX model exported by tessera train/export (default: the committed demo model models/demo/model.onnx).")
  Path model;

  @Option(names = "--device", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
      description = "Where inference runs (default: ${DEFAULT-VALUE}: CUDA when its provider loads, else the CPU).")
  String device;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
      description = "Inference workers in this JVM (default: ${DEFAULT-VALUE}; on a CPU one worker already uses every core).")
  int workers;

  @Option(names = "--max-input-size", paramLabel = "PIXELS", defaultValue = "" + TilerSettings.DEFAULT_MAX_INPUT_SIZE,
      description = "Largest input tile side the tiler may choose (default: ${DEFAULT-VALUE}).")
  int maxInputSize;

  @Option(names = "--tta", paramLabel = "none|flip8", defaultValue = "none",
      description = "Test-time augmentation of every tile: flip8 = the mean over its 8 rotations and mirrors (8 model"
          + " runs per tile; the paper's ISBI entry did this), as tessera.inference.tta (default: ${DEFAULT-VALUE}).")
  String tta;

  @Option(names = "--watershed", negatable = true,
      description = "Split touching cells by the stitcher's distance-transform watershed, or not (--no-watershed)."
          + " Default: what the model's card recommends (models/nuclei: the watershed; the demo model: connected"
          + " components), as the stitcher service does.")
  Boolean watershed;

  @Option(names = "--watershed-h", paramLabel = "PX", defaultValue = "" + InstanceOptions.DEFAULT_WATERSHED_H,
      description = "The valley depth in pixels between two cell centres a watershed split must exceed"
          + " (default: ${DEFAULT-VALUE}).")
  double watershedH;

  @Option(names = "--min-area", paramLabel = "PX", description = "Drop cells of fewer pixels (specks, fragments), as"
      + " tessera.stitcher.min-cell-area. Default: the model card's, else 0 (every cell).")
  Integer minArea;

  @Option(names = "--threshold", paramLabel = "P",
      description = "Foreground probability (0..1) from which a pixel is foreground. Default: the model card's (chosen"
          + " on validation), else each pixel's most probable class.")
  Double threshold;

  /** The workers' test-time augmentation. */
  public Tta tta() {
    return Tta.parse("--tta", tta);
  }

  /**
   * The stitcher's settings for {@code card}'s model: its defaults, the cell separation and foreground threshold the
   * card recommends unless {@code --watershed}/{@code --no-watershed}, {@code --min-area} or {@code --threshold} was
   * given.
   */
  public StitcherSettings stitcher(ModelCard card) {
    CellSeparation s = card.separation();
    boolean on = watershed != null ? watershed : s.watershed();
    // The card's valley depth goes with the card's watershed; --watershed-h with one asked for here.
    double h = watershed == null && s.watershed() ? s.watershedH() : watershedH;
    return StitcherSettings.defaults().toBuilder()
        .instances(new InstanceOptions(Connectivity.FOUR, on, h, card.boundaryClass(),
            minArea != null ? minArea : s.minArea()))
        .foregroundThreshold(threshold != null ? threshold : card.foregroundThreshold())
        .build();
  }

  /** The model file, checked to exist. */
  public Path model() {
    Path m = model != null ? model : home().resolve("models/demo/model.onnx");
    if (!Files.isRegularFile(m)) {
      throw new IllegalArgumentException("Model " + m + " does not exist; train one with tessera train or pass --model");
    }
    return m;
  }

  public ModelOptions modelOptions() {
    return ModelOptions.defaults().withDevice(Device.parse("--device", device));
  }

  /** The repository root the launcher runs from ({@code tessera.home}, set by the script). */
  static Path home() {
    return Path.of(System.getProperty("tessera.home", "."));
  }
}
