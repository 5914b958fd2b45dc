package dev.tessera.trainer.cli;

import dev.tessera.trainer.synth.SyntheticCells;
import dev.tessera.trainer.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera synth}: writes synthetic microscopy with exact labels as a data folder. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes synthetic fluorescence-like frames (touching, clustered cells with texture, blur, uneven"
        + " illumination and noise) as 16-bit PNGs in DIR/images and their instance labels in DIR/labels."
        + " The same seed writes the same files.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:written", "1:writing failed", "2:invalid options"})
public final class SynthCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write images/ and labels/ into")
  Path out;

  @Option(names = "--count", defaultValue = "20", description = "independent frames; default ${DEFAULT-VALUE}")
  int count;

  @Option(names = "--width", defaultValue = "512", description = "frame width; default ${DEFAULT-VALUE}")
  int width;

  @Option(names = "--height", defaultValue = "512", description = "frame height; default ${DEFAULT-VALUE}")
  int height;

  @Option(names = "--seed", defaultValue = "1", description = "seed; default ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--time-lapse", description = "write one time lapse of --count frames (cells drift and divide)")
  boolean timeLapse;

  @Option(names = "--cell-radius", defaultValue = "11", description = "mean cell radius in px; default ${DEFAULT-VALUE}")
  double radius;

  @Option(names = "--coverage", defaultValue = "0.3", description = "fraction of the frame covered by cells; default ${DEFAULT-VALUE}")
  double coverage;

  @Option(names = "--noise", defaultValue = "1.5", description = "noise scale, 0 = none; default ${DEFAULT-VALUE}")
  double noise;

  @Override
  public Integer call() {
    return CommandErrors.run(spec, () -> {
      if (count < 1) {
        throw new IllegalArgumentException("--count must be at least 1, was " + count);
      }
      SyntheticCells.Params d = SyntheticCells.Params.DEFAULT;
      SyntheticCells.Params p = new SyntheticCells.Params(radius, coverage, d.clustering(), d.background(),
          d.brightness(), noise, d.blur(), d.illumination(), d.drift(), d.divisionFrames());
      List<String> names = timeLapse
          ? SyntheticDataset.writeTimeLapse(out, count, width, height, seed, p)
          : SyntheticDataset.writeFrames(out, count, width, height, seed, p);
      spec.commandLine().getOut().println("wrote " + names.size() + (timeLapse ? " time-lapse" : "") + " frames of "
          + width + "x" + height + " to " + out.resolve("images") + " and " + out.resolve("labels"));
      return 0;
    });
  }
}
