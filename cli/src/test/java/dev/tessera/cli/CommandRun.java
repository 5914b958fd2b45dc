package dev.tessera.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One {@code tessera} command run in this JVM, as the launcher runs it, with what it printed.
 *
 * @param out the command's standard output (picocli's writer and {@code System.out})
 * @param err its error output
 */
public record CommandRun(int exit, String out, String err) {

  /** Runs {@code tessera args...}. */
  public static CommandRun of(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = Tessera.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute(args);
      return new CommandRun(exit, captured + out.toString(), err.toString());
    } finally {
      System.setOut(stdout);
    }
  }
}
