package dev.tessera.imaging.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageFormatTest {

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void recognisesTiffInBothByteOrdersAndBigTiff() throws Exception {
    assertThat(ImageFormat.detect(bytes(0x49, 0x49, 0x2A, 0x00), 4, "a")).isEqualTo(ImageFormat.TIFF);
    assertThat(ImageFormat.detect(bytes(0x4D, 0x4D, 0x00, 0x2A), 4, "a")).isEqualTo(ImageFormat.TIFF);
    assertThat(ImageFormat.detect(bytes(0x49, 0x49, 0x2B, 0x00), 4, "a")).isEqualTo(ImageFormat.TIFF);
  }

  @Test
  void recognisesPng() throws Exception {
    assertThat(ImageFormat.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A), 8, "a")).isEqualTo(ImageFormat.PNG);
  }

  @Test
  void namesTheFormatsItRefuses() {
    assertThatThrownBy(() -> ImageFormat.detect(bytes('G', 'I', 'F', '8', '9', 'a'), 6, "x.gif"))
        .hasMessageStartingWith("x.gif: GIF is not supported");
    assertThatThrownBy(() -> ImageFormat.detect(bytes('Z', 'I', 'S', 'R', 'A', 'W', 'F', 'I'), 8, "x.czi"))
        .hasMessageStartingWith("x.czi: Zeiss CZI is not supported");
    assertThatThrownBy(() -> ImageFormat.detect(bytes(0x00, 0x01, 0x02, 0x03), 4, "x.bin"))
        .hasMessageStartingWith("x.bin: unknown format (first bytes 00 01 02 03)");
  }

  @Test
  void aShortPrefixOfAMagicNumberIsNotThatFormat() {
    assertThatThrownBy(() -> ImageFormat.detect(bytes(0x49, 0x49), 2, "tiny"))
        .isInstanceOf(UnsupportedImageException.class);
  }
}
