package dev.tessera.trainer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The trainer commands' error convention: a wrong option value is a usage error (exit code 2, the
 * message names the option and its allowed values), a failure while running (unreadable data, a
 * diverging loss, a model that does not load) exits with 1 and one line saying what failed. Stack
 * traces only with {@code -Dtessera.debug=true}.
 */
final class CommandErrors {

  private CommandErrors() {}

  static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.call();
    } catch (IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      debug(e, err);
      return CommandLine.ExitCode.USAGE;
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      err.println(spec.qualifiedName() + " failed: " + e.getMessage());
      debug(e, err);
      return CommandLine.ExitCode.SOFTWARE;
    } catch (Exception e) {
      err.println(spec.qualifiedName() + " failed: " + e);
      debug(e, err);
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  private static void debug(Exception e, PrintWriter err) {
    if (Boolean.getBoolean("tessera.debug")) {
      e.printStackTrace(err);
    }
  }
}
