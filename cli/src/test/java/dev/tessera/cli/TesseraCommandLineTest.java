package dev.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.model.CellSeparation;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
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
    assertThat(out.toString()).contains("demo", "run", "broker", "tracks", "dead-letters", "train", "export",
        "evaluate", "synth");
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
  void refusesAnUnknownDeadLetterFormatAsAUsageErrorBeforeReachingKafka() {
    assertThat(run("dead-letters", "--format", "xml", "--bootstrap-servers", "localhost:1"))
        .isEqualTo(Tessera.EXIT_USAGE);
    assertThat(err.toString()).contains("--format must be text or json, not xml");
  }

  @Test
  void namesAMissingModelFileAndExitsOne() {
    assertThat(run("demo", "--model", "no/such/model.onnx", "--bootstrap-servers", "localhost:1"))
        .isEqualTo(Tessera.EXIT_FAILED);
    assertThat(err.toString()).contains("Model no/such/model.onnx does not exist");
  }

  @Test
  void theWatershedOptionsOrElseTheModelCardReachTheStitchersSettings() {
    ModelCard components = new ModelCard("m", 4, java.util.List.of("background", "cell"), 1,
        NormalizationSpec.defaults(), ModelCard.SelfTest.NONE, "", "", "", "test");
    ModelCard nuclei = components.withSeparation(CellSeparation.watershed(1.5));
    PipelineOptions split = options("--watershed", "--watershed-h", "3.5");
    PipelineOptions plain = options();
    PipelineOptions no = options("--no-watershed");

    assertThat(split.stitcher(components).instances().watershed()).isTrue();
    assertThat(split.stitcher(components).instances().watershedH()).isEqualTo(3.5);
    assertThat(plain.stitcher(components)).isEqualTo(dev.tessera.stitcher.topology.StitcherSettings.defaults());
    assertThat(plain.stitcher(nuclei).instances().watershed()).as("the card's recommendation").isTrue();
    assertThat(plain.stitcher(nuclei).instances().watershedH()).isEqualTo(1.5);
    assertThat(no.stitcher(nuclei).instances().watershed()).as("--no-watershed overrides the card").isFalse();
    assertThat(split.stitcher(nuclei).instances().watershedH()).as("--watershed-h with --watershed").isEqualTo(3.5);
    ModelCard em = components.withForegroundThreshold(0.3);
    assertThat(plain.stitcher(em).foregroundThreshold()).as("the card's threshold").isEqualTo(0.3);
    assertThat(options("--threshold", "0.6").stitcher(em).foregroundThreshold()).isEqualTo(0.6);
    assertThat(plain.stitcher(components).foregroundThreshold()).isNaN();
  }

  private static PipelineOptions options(String... args) {
    PipelineOptions o = new PipelineOptions();
    new CommandLine(o).parseArgs(args);
    return o;
  }
}
