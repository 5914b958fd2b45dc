package dev.tessera.trainer.cli;

import dev.tessera.trainer.data.DataFolder;
import dev.tessera.trainer.data.LabelFormat;
import dev.tessera.trainer.data.LabelledImage;
import dev.tessera.trainer.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The labelled images {@code evaluate} and {@code tune} score, and the tile size they score them with. */
final class LabelledImages {

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "data folder with images/ and labels/")
  Path data;

  @Option(names = "--labels", defaultValue = "auto", paramLabel = "FORMAT",
      description = "label format: auto, instances, binary or binary:V; default ${DEFAULT-VALUE}")
  String labels;

  @Option(names = "--images", defaultValue = "all", paramLabel = "NAMES",
      description = "which images: all, names:A,B,... (ranges like 18-21), the validation part of a training split"
          + " (fraction:F:SEED, as train's --split), or its training part (training:SPLIT, e.g. training:fraction:0.2:3,"
          + " to choose post-processing without looking at the validation images); default ${DEFAULT-VALUE}")
  String images;

  @Option(names = "--max-input", defaultValue = "572", paramLabel = "N",
      description = "largest tile side, as the tiler's maximum; default ${DEFAULT-VALUE}")
  int maxInput;

  LabelFormat format() {
    return LabelFormat.parse(labels);
  }

  /**
   * The selected images with their labels.
   *
   * @throws IllegalArgumentException naming the option when the folder or the selection is wrong, or
   *     selects nothing
   */
  List<LabelledImage> load() throws IOException {
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("--data " + data + " is not a folder");
    }
    LabelFormat format = format();
    List<LabelledImage> loaded = DataFolder.load(data, format, Split.select(DataFolder.names(data), "--images", images));
    if (loaded.isEmpty()) {
      throw new IllegalArgumentException("--images " + images + " selects no image of " + data);
    }
    return loaded;
  }
}
