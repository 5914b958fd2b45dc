package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tessera run}: the demo's pipeline on the user's own files. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Segment TIFF/PNG files (a stack, or a folder of images) through the whole pipeline.")
final class RunCommand extends DemoCommand {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (input == null || out == null) {
      throw new ParameterException(spec.commandLine(), "tessera run needs --input FILE|DIR and --out DIR");
    }
    return super.call();
  }

  @Override
  String prefix() {
    return "run-";
  }
}
