package dev.tessera.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.Tessera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code tessera bench} end to end on an embedded broker, with a tiny network and few frames: every
 * frame of every mode is counted back and the saved figures describe exactly what ran. No figure
 * is checked against a speed.
 */
@Tag("integration")
class BenchCommandIT {

  @Test
  @SuppressWarnings("unchecked")
  void countsEveryFrameOfEachModeAndSavesTheFiguresOfWhatRan(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("bench");
    int exit = Tessera.commandLine().execute("bench", "--width", "4", "--small-frames", "3", "--large-frames", "0",
        "--warmup", "1", "--rate", "20", "--no-fma-peak", "--data-dir", tmp.resolve("data").toString(),
        "--out", out.toString());

    assertThat(exit).isEqualTo(Tessera.EXIT_OK);
    // bench.json is JSON, which YAML 1.1 reads as well
    Map<String, Object> json = new Yaml().load(Files.readString(out.resolve("bench.json")));
    assertThat(json).containsEntry("width", 4).containsEntry("warmupFrames", 1);
    assertThat((List<String>) json.get("hops")).hasSize(StageBreakdown.HOPS.size());
    List<Map<String, Object>> sizes = (List<Map<String, Object>>) json.get("sizes");
    assertThat(sizes).hasSize(1);
    Map<String, Object> small = sizes.get(0);
    assertThat(small).containsEntry("frame", 512).containsEntry("tiles", 1).containsEntry("tileInput", 700);
    for (String mode : List.of("steady", "atRate")) {
      Map<String, Object> m = (Map<String, Object>) small.get(mode);
      assertThat(m).as(mode)
          .containsEntry("frames", 3).containsEntry("masks", 3).containsEntry("deadLetters", 0)
          // one tile per 512x512 frame, one tile per model run and per transaction on the CPU
          .containsEntry("workerTiles", 3).containsEntry("workerModelRuns", 3).containsEntry("workerTransactions", 3);
      assertThat((List<Double>) m.get("hopMedianMillis")).hasSize(StageBreakdown.HOPS.size());
    }
    assertThat(((Map<String, Object>) small.get("atRate")).get("targetArrivalFramesPerSecond")).isEqualTo(20.0);
    assertThat(Files.readString(out.resolve("bench.md")))
        .contains("| 512x512 | 3 | 1 x 700 |")
        .contains("Latency at a fixed arrival rate (20.0 frames/s)")
        .doesNotContain("2048x2048");
  }
}
