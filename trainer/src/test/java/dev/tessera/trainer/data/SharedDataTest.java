package dev.tessera.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.PixelType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Reads the real data sets of ../shared/data (skipped when they are not there). */
class SharedDataTest {

  static Path sharedData(String name) {
    String dir = System.getProperty("tessera.shared.data", System.getenv("TESSERA_DATA"));
    Path p = dir == null ? null : Path.of(dir, name);
    Assumptions.assumeTrue(p != null && Files.isDirectory(p),
        "shared data " + name + " not found (set -Dtessera.shared.data or TESSERA_DATA); skipping");
    return p;
  }

  @Test
  void isbiSlicesAreEightBitGreyWithInteriorMarked255() throws IOException {
    Path isbi = sharedData("isbi2012");
    assertThat(DataFolder.names(isbi)).hasSize(22).startsWith("0", "1", "2").endsWith("21");
    LabelledImage slice = DataFolder.load(isbi, LabelFormat.parse("binary:255"), List.of("0")).get(0);
    assertThat(slice.image().type()).isEqualTo(PixelType.UINT8);
    assertThat(slice.width()).isEqualTo(512);
    assertThat(slice.height()).isEqualTo(512);
    boolean[] interior = slice.foreground();
    long membrane = 0;
    for (boolean b : interior) {
      membrane += b ? 0 : 1;
    }
    // The README: membrane is about 22% of the pixels.
    assertThat(membrane / (512.0 * 512)).isBetween(0.15, 0.3);
    assertThat(Arrays.stream(slice.instances()).max().orElse(0)).isGreaterThan(50);
  }

  @Test
  void dsbImagesAreReadAsLuminanceAndTheirLabelsAsSixteenBitInstances() throws IOException {
    Path dsb = sharedData("dsb2018");
    List<String> manifest = Files.readAllLines(dsb.resolve("manifest.csv"));
    String[] first = manifest.get(1).split(",");
    LabelledImage img = DataFolder.load(dsb, new LabelFormat.Auto(), List.of(first[0])).get(0);
    assertThat(img.format()).isEqualTo(new LabelFormat.Instances());
    assertThat(img.labels().type()).isEqualTo(PixelType.UINT16);
    assertThat(img.width()).isEqualTo(Integer.parseInt(first[1]));
    assertThat(img.height()).isEqualTo(Integer.parseInt(first[2]));
    long instances = Arrays.stream(img.labels().values()).filter(v -> v != 0).distinct().count();
    assertThat(instances).isEqualTo(Long.parseLong(first[4]));
  }
}
