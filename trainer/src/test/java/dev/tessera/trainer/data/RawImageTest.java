package dev.tessera.trainer.data;

import static dev.tessera.imaging.testing.TestImages.float32;
import static dev.tessera.imaging.testing.TestImages.jdkTiff;
import static dev.tessera.imaging.testing.TestImages.lowBitGrey;
import static dev.tessera.imaging.testing.TestImages.png;
import static dev.tessera.imaging.testing.TestImages.rgb8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.imaging.io.ImageStack;
import dev.tessera.imaging.io.UnsupportedImageException;
import dev.tessera.records.PixelType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawImageTest {

  @TempDir
  Path dir;

  @Test
  void anRgbImageHasTheLuminanceIngestGivesItsFrames() throws IOException {
    Path file = write("images/rgb.png", png(rgb8(3, 1, new int[][] {{0, 0, 250}, {1, 123, 0}, {255, 0, 0}})));

    RawImage image = RawImage.read(file);

    assertThat(image.type()).isEqualTo(PixelType.UINT8);
    // Blue 250: 0.114 * 250 = 28.5, which the trainer's former Math.round made 29; Luminance's
    // fixed-point weights give 28, and the trainer now reads what the pipeline is fed.
    assertThat(image.values()).containsExactly(28, 73, 76);
    try (ImageStack stack = ImageStack.open(file)) {
      byte[] ingested = stack.read(0).pixels();
      assertThat(image.values()).containsExactly(ingested[0] & 0xFF, ingested[1] & 0xFF, ingested[2] & 0xFF);
    }
  }

  @Test
  void oneTwoAndFourBitLabelMasksMarkTheirForegroundWith255() throws IOException {
    for (int bits : new int[] {1, 2, 4}) {
      int top = (1 << bits) - 1;
      write("images/" + bits + ".png", png(rgb8(3, 1, new int[][] {{10, 10, 10}, {20, 20, 20}, {30, 30, 30}})));
      write("labels/" + bits + ".png", png(lowBitGrey(bits, 3, 1, (x, y) -> x == 1 ? top : 0)));
    }

    for (LabelledImage img : DataFolder.load(dir, LabelFormat.parse("binary:255"))) {
      assertThat(img.labels().type()).as(img.name()).isEqualTo(PixelType.UINT8);
      assertThat(img.labels().values()).as(img.name()).containsExactly(0, 255, 0);
      assertThat(img.foreground()).as(img.name()).containsExactly(false, true, false);
    }
  }

  @Test
  void refusesA32BitFloatImageNamingTheFile() throws IOException {
    Path file = write("float.tif", jdkTiff(float32(2, 1, new float[] {0, 0.5f})));

    assertThatThrownBy(() -> RawImage.read(file)).isInstanceOf(UnsupportedImageException.class)
        .hasMessage(file + ": 32-bit float images are not supported for training; the trainer takes 8/16-bit grey,"
            + " RGB(A) or palette images (convert the image to 16-bit)");
  }

  private Path write(String name, byte[] data) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, data);
  }
}
