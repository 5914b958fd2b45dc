package dev.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TesseraCommandLineTest {

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Tessera.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));
    return cli.execute(args);
  }

  @Test
  void listsEveryCommandInItsHelpAndExitsZero() {
    assertThat(run("--help")).isEqualTo(Tessera.EXIT_OK);
    assertThat(out.toString()).contains("demo", "run", "broker", "train", "export", "evaluate", "synth");
  }

  @Test
  void exitsTwoAndSuggestsTheCommandForATypo() {
    assertThat(run("demoo")).isEqualTo(Tessera.EXIT_USAGE);
    assertThat(err.toString()).contains("Unmatched argument at index 0: 'demoo'").contains("demo");
  }

  @Test
  void refusesRunWithoutInputAndOutputAsAUsageError() {
    assertThat(run("run")).isEqualTo(Tessera.EXIT_USAGE);
    assertThat(err.toString()).contains("tessera run needs --input FILE|DIR and --out DIR");
  }

  @Test
  void namesAMissingModelFileAndExitsOne() {
    assertThat(run("demo", "--model", "no/such/model.onnx", "--bootstrap-servers", "localhost:1"))
        .isEqualTo(Tessera.EXIT_FAILED);
    assertThat(err.toString()).contains("Model no/such/model.onnx does not exist");
  }

  @Test
  void theWatershedOptionsReachTheStitchersSettings() {
    PipelineOptions split = new PipelineOptions();
    new CommandLine(split).parseArgs("--watershed", "--watershed-h", "3.5");
    PipelineOptions plain = new PipelineOptions();
    new CommandLine(plain).parseArgs();

    assertThat(split.stitcher().instances().watershed()).isTrue();
    assertThat(split.stitcher().instances().watershedH()).isEqualTo(3.5);
    assertThat(plain.stitcher().instances().watershed()).isFalse();
    assertThat(plain.stitcher()).isEqualTo(dev.tessera.stitcher.topology.StitcherSettings.defaults());
  }
}
