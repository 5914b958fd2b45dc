package dev.tessera.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.imaging.io.ImageFiles;
import dev.tessera.records.PixelType;
import dev.tessera.trainer.synth.SyntheticCells;
import dev.tessera.trainer.synth.SyntheticDataset;
import dev.tessera.trainer.synth.SyntheticFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

  @TempDir
  Path dir;

  @Test
  void syntheticFramesRoundTripThrough16BitPngs() throws IOException {
    SyntheticCells.Params p = SyntheticCells.Params.DEFAULT;
    List<String> names = SyntheticDataset.writeFrames(dir, 2, 64, 48, 9, p);
    List<LabelledImage> loaded = DataFolder.load(dir, new LabelFormat.Auto());
    assertThat(loaded).extracting(LabelledImage::name).containsExactlyElementsOf(names);
    SyntheticFrame f = SyntheticCells.frame(64, 48, 9, p);
    assertThat(loaded.get(0).image().type()).isEqualTo(PixelType.UINT16);
    assertThat(loaded.get(0).image().values()).containsExactly(f.pixels());
    assertThat(loaded.get(0).labels().values()).containsExactly(f.labels());
    assertThat(loaded.get(0).format()).isEqualTo(new LabelFormat.Instances());
  }

  @Test
  void rgbaImagesAreReadAsLuminanceAndBinaryLabelsByTheirForegroundValue() throws IOException {
    BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_4BYTE_ABGR);
    rgba.setRGB(0, 0, 0x80FF0000);
    rgba.setRGB(1, 0, 0xFF102030);
    Files.createDirectories(dir.resolve("images"));
    ImageIO.write(rgba, "png", dir.resolve("images/a.png").toFile());
    ImageFiles.writeGrey8(dir.resolve("labels/a.png"), 2, 1, new int[] {255, 0});
    LabelledImage img = DataFolder.load(dir, LabelFormat.parse("binary:255")).get(0);
    assertThat(img.image().type()).isEqualTo(PixelType.UINT8);
    // 0.299 * 255 and 0.299 * 0x10 + 0.587 * 0x20 + 0.114 * 0x30, rounded; alpha ignored
    assertThat(img.image().values()).containsExactly(76, 29);
    assertThat(img.foreground()).containsExactly(true, false);
    assertThat(img.instances()).containsExactly(1, 0);
  }

  @Test
  void imagesWithoutLabelsAreAnError() throws IOException {
    ImageFiles.writeGrey8(dir.resolve("images/a.png"), 2, 2, new int[4]);
    ImageFiles.writeGrey8(dir.resolve("images/b.png"), 2, 2, new int[4]);
    ImageFiles.writeGrey8(dir.resolve("labels/a.png"), 2, 2, new int[4]);
    assertThatThrownBy(() -> DataFolder.load(dir, new LabelFormat.Auto()))
        .isInstanceOf(IOException.class).hasMessageContaining("no labels for 1 image(s), e.g. b");
  }

  @Test
  void splitsTakeRangesOrFractions() {
    List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
    Split s = Split.of(names, "names:9-11");
    assertThat(s.validation()).containsExactly("9", "10", "11");
    assertThat(s.training()).hasSize(9);
    Split f = Split.of(names, "fraction:0.25:4");
    assertThat(f.validation()).hasSize(3);
    assertThat(Split.of(names, "fraction:0.25:4")).isEqualTo(f);
    assertThat(Split.of(names, "fraction:0.25")).isEqualTo(Split.of(names, "fraction:0.25:0"));
    assertThat(Split.of(names, "fraction:0.25:5")).isNotEqualTo(f);
    assertThatThrownBy(() -> Split.of(names, "names:12")).hasMessageContaining("[12]");
    assertThatThrownBy(() -> Split.of(names, "half")).hasMessageContaining("not understood");
  }

  @Test
  void labelFormatsParseAndFormat() {
    for (String s : List.of("auto", "instances", "binary", "binary:255")) {
      assertThat(LabelFormat.parse(s).format()).isEqualTo(s);
    }
    assertThatThrownBy(() -> LabelFormat.parse("binary:x")).hasMessageContaining("binary:VALUE");
  }
}
