package dev.tessera.imaging.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFilesTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"labels.tif", "labels.TIFF", "labels.png"})
  void sixteenBitLabelImagesReadBackExactlyAsUint16(String name) throws IOException {
    int[] labels = {0, 1, 300, 65535, 2, 0};
    Path file = dir.resolve("masks").resolve(name);

    ImageFiles.writeGrey16(file, 3, 2, labels);

    try (ImageStack stack = ImageStack.open(file)) {
      assertThat(stack.format()).isEqualTo(name.endsWith(".png") ? ImageFormat.PNG : ImageFormat.TIFF);
      ImagePage page = stack.read(0);
      assertThat(page.pixelType()).isEqualTo(PixelType.UINT16);
      assertThat(page.pixels()).containsExactly(Pixels.fromUint16(labels));
    }
  }

  @Test
  void refusesAValueThatSixteenBitsCannotHold() {
    assertThatThrownBy(() -> ImageFiles.writeGrey16(dir.resolve("l.tif"), 2, 1, new int[] {7, 65536}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("value 65536 at pixel 1 does not fit 16 bits");
  }

  @Test
  void eightBitGreyIsClampedTo0To255() throws IOException {
    Path file = dir.resolve("grey.png");

    ImageFiles.writeGrey8(file, 4, 1, new int[] {-5, 0, 128, 300});

    try (ImageStack stack = ImageStack.open(file)) {
      assertThat(stack.read(0).pixelType()).isEqualTo(PixelType.UINT8);
      assertThat(stack.read(0).pixels()).containsExactly(0, 0, 128, 255);
    }
  }

  @Test
  void rgbPixelsReadBackExactly() throws IOException {
    int[] rgb = {0xFF0000, 0x00FF00, 0x0000FA, 0x123456};
    Path file = dir.resolve("overlay.png");

    ImageFiles.writeRgb(file, 2, 2, rgb);

    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getRGB(0, 0, 2, 2, null, 0, 2)).containsExactly(0xFFFF0000, 0xFF00FF00, 0xFF0000FA, 0xFF123456);
  }

  @Test
  void refusesPixelsThatAreNotTheSizeGiven() {
    assertThatThrownBy(() -> ImageFiles.writeRgb(dir.resolve("o.png"), 2, 2, new int[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("3 pixels are not a 2x2 image");
  }

  @Test
  void tellsTiffAndPngNamesInAnyCaseFromOthers() {
    assertThat(List.of("a.tif", "a.TIFF", "a.ome.tif", "a.png", "A.PNG")).allMatch(ImageFiles::hasImageExtension);
    assertThat(List.of("a.jpg", "a.txt", "a.tif.part", "tif")).noneMatch(ImageFiles::hasImageExtension);
  }
}
