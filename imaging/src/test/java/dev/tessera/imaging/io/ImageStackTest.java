package dev.tessera.imaging.io;

import static dev.tessera.imaging.testing.TestImages.bilevel;
import static dev.tessera.imaging.testing.TestImages.float32;
import static dev.tessera.imaging.testing.TestImages.grey16;
import static dev.tessera.imaging.testing.TestImages.grey8;
import static dev.tessera.imaging.testing.TestImages.lowBitGrey;
import static dev.tessera.imaging.testing.TestImages.png;
import static dev.tessera.imaging.testing.TestImages.rgb16;
import static dev.tessera.imaging.testing.TestImages.rgb8;
import static dev.tessera.imaging.testing.TestImages.rgba8;
import static dev.tessera.imaging.testing.TestImages.tiff;
import static dev.tessera.imaging.testing.TestImages.uint16;
import static dev.tessera.imaging.testing.TestImages.uint8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import dev.tessera.imaging.testing.TestImages;
import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.schemas.Pixels;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageStackTest {

  @TempDir
  Path dir;

  private static IntBinaryOperator page(int p) {
    // Distinct per page and covering the high byte, so byte order and page mix-ups show.
    return (x, y) -> p * 20000 + y * 1000 + x * 7 + 255;
  }

  @Test
  void readsAThreePage16BitStackAsThreeUint16PagesWithExactPixels() throws IOException {
    Path file = write("stack.tif", tiff(grey16(5, 4, page(0)), grey16(5, 4, page(1)), grey16(5, 4, page(2))));

    try (ImageStack stack = ImageStack.open(file)) {
      assertThat(stack.format()).isEqualTo(ImageFormat.TIFF);
      assertThat(stack.pageCount()).isEqualTo(3);
      assertThat(stack.pixelSizeMicrons()).isEmpty();
      for (int p = 0; p < 3; p++) {
        ImagePage page = stack.read(p);
        assertThat(page.page()).isEqualTo(p);
        assertThat(page.width()).isEqualTo(5);
        assertThat(page.height()).isEqualTo(4);
        assertThat(page.pixelType()).isEqualTo(PixelType.UINT16);
        assertThat(page.conversion()).isEqualTo(Conversion.NONE);
        assertThat(page.pixels()).isEqualTo(uint16(5, 4, page(p)));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"None", "LZW", "Deflate", "ZLib", "PackBits"})
  void decodesEveryLosslessCompressionToTheSamePixels(String compression) throws IOException {
    byte[] data = tiff(compression, Map.of(), List.of(grey16(33, 17, page(1)), grey16(33, 17, page(2))));

    try (ImageStack stack = ImageStack.open(data, "upload")) {
      assertThat(stack.read(0).pixels()).isEqualTo(uint16(33, 17, page(1)));
      assertThat(stack.read(1).pixels()).isEqualTo(uint16(33, 17, page(2)));
    }
  }

  @Test
  void reads8BitGreyTiffAsUint8() throws IOException {
    IntBinaryOperator f = (x, y) -> (x * 31 + y * 17) & 0xFF;
    try (ImageStack stack = ImageStack.open(tiff("LZW", Map.of(), List.of(grey8(9, 6, f))), "upload")) {
      ImagePage page = stack.read(0);
      assertThat(page.pixelType()).isEqualTo(PixelType.UINT8);
      assertThat(page.pixels()).isEqualTo(uint8(9, 6, f));
    }
  }

  @Test
  void reads32BitFloatTiffAsFloat32KeepingValuesOutsideZeroToOne() throws IOException {
    float[] values = {-1.5f, 0f, 7.25f, 1e6f, 0.125f, -3e-5f};
    try (ImageStack stack = ImageStack.open(TestImages.jdkTiff(float32(3, 2, values)), "upload")) {
      assertThat(stack.info(0).pixelType()).isEqualTo(PixelType.FLOAT32);
      ImagePage page = stack.read(0);
      assertThat(page.pixelType()).isEqualTo(PixelType.FLOAT32);
      assertThat(Pixels.toFloats(ByteBuffer.wrap(page.pixels()), PixelType.FLOAT32)).containsExactly(values);
    }
  }

  @Test
  void refusesAFloatTiffWithANaNPixelNamingItsPosition() {
    float[] values = {1f, 2f, Float.NaN, 4f};
    assertThatThrownBy(() -> {
      try (ImageStack stack = ImageStack.open(TestImages.jdkTiff(float32(2, 2, values)), "nan.tif")) {
        stack.read(0);
      }
    }).isInstanceOf(ImageReadException.class).isNotInstanceOf(UnsupportedImageException.class)
        .hasMessage("nan.tif: FLOAT32 pixel at x=0, y=1 is not finite; frames must hold finite values");
  }

  @Test
  void readsPhysicalSizeXAndTimePointsFromOmeXml() throws IOException {
    String ome = """
        <?xml version="1.0" encoding="UTF-8"?>
        <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">
          <Image ID="Image:0" Name="cells">
            <Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SizeX="5" SizeY="4" SizeZ="1" SizeC="1" SizeT="3"
                    PhysicalSizeX="650" PhysicalSizeXUnit="nm" PhysicalSizeY="650" PhysicalSizeYUnit="nm">
              <Channel ID="Channel:0:0" SamplesPerPixel="1"/>
              <TiffData/>
            </Pixels>
          </Image>
        </OME>
        """;
    Path file = write("cells.ome.tif", tiff("None", Map.of(270, ome),
        List.of(grey16(5, 4, page(0)), grey16(5, 4, page(1)), grey16(5, 4, page(2)))));

    try (ImageStack stack = ImageStack.open(file)) {
      assertThat(stack.format()).isEqualTo(ImageFormat.OME_TIFF);
      assertThat(stack.attributes()).containsEntry(ImageStack.FORMAT_ATTRIBUTE, "ome-tiff");
      assertThat(stack.pixelSizeMicrons()).hasValueSatisfying(s -> assertThat(s).isCloseTo(0.65, within(1e-12)));
      for (int p = 0; p < 3; p++) {
        ImagePage page = stack.read(p);
        assertThat(page.pixelSizeMicrons()).isCloseTo(0.65, within(1e-12));
        assertThat(page.plane()).isEqualTo(new PlaneIndex(p, null, null));
        assertThat(page.pixels()).isEqualTo(uint16(5, 4, page(p)));
      }
    }
  }

  @Test
  void mapsOmeTiffDataElementsToPagesInDimensionOrder() throws IOException {
    // Two channels and two time points, channels fastest (XYCZT); the pages are stored T-major
    // but listed one TiffData per page, and PhysicalSizeX has no unit (micrometres by default).
    String ome = """
        <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2015-01"><Image ID="Image:0">
          <Pixels ID="Pixels:0" DimensionOrder="XYCZT" Type="uint8" SizeX="2" SizeY="2" SizeZ="1" SizeC="2" SizeT="2"
                  PhysicalSizeX="0.3">
            <TiffData IFD="0" FirstC="1" FirstT="1" PlaneCount="1"/>
            <TiffData IFD="1" FirstC="0" FirstT="1" PlaneCount="1"/>
            <TiffData IFD="2" FirstC="0" FirstT="0" PlaneCount="2"/>
          </Pixels></Image></OME>""";
    BufferedImage img = grey8(2, 2, (x, y) -> x + y);
    try (ImageStack stack = ImageStack.open(tiff("None", Map.of(270, ome), List.of(img, img, img, img)), "upload")) {
      assertThat(stack.read(0).plane()).isEqualTo(new PlaneIndex(1, null, 1));
      assertThat(stack.read(1).plane()).isEqualTo(new PlaneIndex(1, null, 0));
      assertThat(stack.read(2).plane()).isEqualTo(new PlaneIndex(0, null, 0));
      assertThat(stack.read(3).plane()).isEqualTo(new PlaneIndex(0, null, 1));
      assertThat(stack.read(3).pixelSizeMicrons()).isEqualTo(0.3);
    }
  }

  @Test
  void readsTheImageWithoutPixelSizeWhenItsOmeXmlIsMalformed() throws IOException {
    String broken = "<?xml version=\"1.0\"?><OME><Image><Pixels PhysicalSizeX=\"1\"></OME>";
    try (ImageStack stack = ImageStack.open(tiff("None", Map.of(270, broken), List.of(grey8(2, 2, (x, y) -> 9))), "u")) {
      assertThat(stack.format()).isEqualTo(ImageFormat.OME_TIFF);
      assertThat(stack.pixelSizeMicrons()).isEmpty();
      assertThat(stack.read(0).pixels()).containsExactly(9, 9, 9, 9);
    }
  }

  @Test
  void readsImageJCalibrationSpacingAndHyperstackLayout() throws IOException {
    // ImageJ stores XResolution = 1 / pixel width in the description's unit; channels vary fastest.
    String description = "ImageJ=1.54f\nimages=4\nchannels=2\nslices=2\nhyperstack=true\nunit=\\u00B5m\nspacing=0.5\nloop=false\n";
    BufferedImage img = grey16(3, 3, page(0));
    Map<Integer, Object> tags = Map.of(270, description, 282, new Rational(4, 1), 283, new Rational(4, 1));
    try (ImageStack stack = ImageStack.open(tiff("None", tags, List.of(img, img, img, img)), "u")) {
      assertThat(stack.format()).isEqualTo(ImageFormat.IMAGEJ_TIFF);
      assertThat(stack.pixelSizeMicrons()).contains(0.25);
      assertThat(stack.attributes()).containsEntry("source.z-spacing-microns", "0.5");
      assertThat(stack.read(0).plane()).isEqualTo(new PlaneIndex(null, 0, 0));
      assertThat(stack.read(1).plane()).isEqualTo(new PlaneIndex(null, 0, 1));
      assertThat(stack.read(2).plane()).isEqualTo(new PlaneIndex(null, 1, 0));
      assertThat(stack.read(3).plane()).isEqualTo(new PlaneIndex(null, 1, 1));
    }
  }

  @Test
  void takesAPlainTiffResolutionPerCentimetreButNotPerInch() throws IOException {
    BufferedImage img = grey8(2, 2, (x, y) -> 1);
    Map<Integer, Object> perCm = Map.of(282, new Rational(20000, 1), 283, new Rational(20000, 1), 296, 3);
    Map<Integer, Object> perInch = Map.of(282, new Rational(72, 1), 283, new Rational(72, 1), 296, 2);
    try (ImageStack cm = ImageStack.open(tiff("None", perCm, List.of(img)), "cm");
        ImageStack inch = ImageStack.open(tiff("None", perInch, List.of(img)), "inch")) {
      assertThat(cm.pixelSizeMicrons()).contains(0.5);
      assertThat(inch.pixelSizeMicrons()).isEmpty();
    }
  }

  @Test
  void readsGreyPngs8And16BitExactly() throws IOException {
    IntBinaryOperator f8 = (x, y) -> (x * 40 + y) & 0xFF;
    IntBinaryOperator f16 = (x, y) -> 65535 - x * 4000 - y * 3;
    try (ImageStack p8 = ImageStack.open(write("a.png", png(grey8(7, 3, f8))));
        ImageStack p16 = ImageStack.open(write("b.png", png(grey16(7, 3, f16))))) {
      assertThat(p8.format()).isEqualTo(ImageFormat.PNG);
      assertThat(p8.pageCount()).isEqualTo(1);
      assertThat(p8.read(0).pixelType()).isEqualTo(PixelType.UINT8);
      assertThat(p8.read(0).pixels()).isEqualTo(uint8(7, 3, f8));
      assertThat(p16.read(0).pixelType()).isEqualTo(PixelType.UINT16);
      assertThat(p16.read(0).pixels()).isEqualTo(uint16(7, 3, f16));
    }
  }

  @Test
  void convertsRgbPngToBt601LuminanceRoundedLikePillow() throws IOException {
    int[][] rgb = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}, {10, 20, 30}, {77, 77, 77}};
    // Pillow: Image.new("RGB", ...).convert("L") gives these values for the same pixels.
    byte[] expected = {76, (byte) 150, 29, (byte) 255, 18, 77};
    try (ImageStack stack = ImageStack.open(png(rgb8(3, 2, rgb)), "rgb.png")) {
      ImagePage page = stack.read(0);
      assertThat(page.pixelType()).isEqualTo(PixelType.UINT8);
      assertThat(page.conversion()).isEqualTo(Conversion.RGB_LUMINANCE);
      assertThat(page.pixels()).containsExactly(expected);
    }
  }

  @Test
  void ignoresAlphaWhenConvertingRgba() throws IOException {
    int[][] rgba = {{255, 0, 0, 0}, {0, 255, 0, 128}, {10, 20, 30, 255}};
    try (ImageStack stack = ImageStack.open(png(rgba8(3, 1, rgba)), "rgba.png")) {
      assertThat(stack.read(0).pixels()).containsExactly(76, 150, 18);
    }
  }

  @Test
  void convertsRgb16PngToUint16Luminance() throws IOException {
    int[][] rgb = {{65535, 0, 0}, {1000, 2000, 3000}, {65535, 65535, 65535}};
    try (ImageStack stack = ImageStack.open(png(rgb16(3, 1, rgb)), "rgb16.png")) {
      ImagePage page = stack.read(0);
      assertThat(page.pixelType()).isEqualTo(PixelType.UINT16);
      // 0.299 * 65535 = 19594.97; 0.299*1000 + 0.587*2000 + 0.114*3000 = 1815.
      assertThat(Pixels.toUint16(ByteBuffer.wrap(page.pixels()))).containsExactly(19595, 1815, 65535);
    }
  }

  @Test
  void convertsAnRgbTiffToLuminanceToo() throws IOException {
    int[][] rgb = {{255, 0, 0}, {10, 20, 30}};
    try (ImageStack stack = ImageStack.open(tiff("LZW", Map.of(), List.of(rgb8(2, 1, rgb))), "rgb.tif")) {
      assertThat(stack.read(0).pixels()).containsExactly(76, 18);
    }
  }

  @Test
  void looksUpPaletteColoursAndTakesTheirLuminance() throws IOException {
    byte[] r = {0, (byte) 255, 10};
    byte[] g = {0, 0, 20};
    byte[] b = {0, 0, 30};
    IndexColorModel palette = new IndexColorModel(8, 3, r, g, b);
    BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
    img.getRaster().setPixels(0, 0, 3, 1, new int[] {2, 1, 0});
    try (ImageStack stack = ImageStack.open(png(img), "palette.png")) {
      ImagePage page = stack.read(0);
      assertThat(page.conversion()).isEqualTo(Conversion.PALETTE_LUMINANCE);
      assertThat(page.pixels()).containsExactly(18, 76, 0);
    }
  }

  @Test
  void readsThePixelSizeOfAPngFromItsPhysChunk() throws IOException {
    try (ImageStack stack = ImageStack.open(TestImages.pngWithPixelsPerMetre(grey8(2, 2, (x, y) -> 0), 2_000_000), "p")) {
      assertThat(stack.pixelSizeMicrons()).contains(0.5);
    }
  }

  @Test
  void refusesJpegNamingTheFile() throws IOException {
    Path file = write("photo.jpg", TestImages.jpeg(rgb8(2, 2, new int[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {1, 1, 1}})));
    assertThatThrownBy(() -> ImageStack.open(file)).isInstanceOf(UnsupportedImageException.class)
        .hasMessageStartingWith(file + ": JPEG is not supported");
  }

  @Test
  void refusesATextFileSayingItIsText() throws IOException {
    Path file = write("notes.tif", "exposure 20 ms\nbinning 2x2\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ImageStack.open(file)).isInstanceOf(UnsupportedImageException.class)
        .hasMessageStartingWith(file + ": the input is text (it starts \"exposure 20 ms b...\"), not an image");
  }

  @Test
  void refusesAnEmptyInput() {
    assertThatThrownBy(() -> ImageStack.open(new byte[0], "empty upload")).isInstanceOf(UnsupportedImageException.class)
        .hasMessageStartingWith("empty upload: the input is empty");
  }

  @Test
  void refusesA1BitTiffFromItsHeader() throws IOException {
    try (ImageStack stack = ImageStack.open(tiff(bilevel(8, 8)), "mask.tif")) {
      assertThatThrownBy(() -> stack.info(0)).isInstanceOf(UnsupportedImageException.class)
          .hasMessageStartingWith("mask.tif: 1-bit (bilevel) images are not supported");
      assertThatThrownBy(() -> stack.read(0)).isInstanceOf(UnsupportedImageException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void stretchesTwoAndFourBitGreyPngsAndTiffsToEightBitsSoTheirTopValueIs255(int bits) throws IOException {
    int top = (1 << bits) - 1;
    BufferedImage img = lowBitGrey(bits, 3, 1, (x, y) -> new int[] {0, 1, top}[x]);
    for (byte[] data : List.of(png(img), tiff(img))) {
      try (ImageStack stack = ImageStack.open(data, bits + "-bit")) {
        ImagePage page = stack.read(0);
        assertThat(page.pixelType()).isEqualTo(PixelType.UINT8);
        assertThat(page.pixels()).containsExactly(0, 255 / top, 255);
      }
    }
  }

  @Test
  void readsA1BitMaskAs0And255OnlyWhenAskedTo() throws IOException {
    BufferedImage mask = lowBitGrey(1, 3, 1, (x, y) -> x == 1 ? 1 : 0);
    for (Path file : List.of(write("mask.png", png(mask)), write("mask.tif", tiff(mask)))) {
      try (ImageStack stack = ImageStack.open(file, Bilevel.AS_0_AND_255)) {
        ImagePage page = stack.read(0);
        assertThat(page.pixelType()).isEqualTo(PixelType.UINT8);
        assertThat(page.pixels()).containsExactly(0, 255, 0);
      }
      try (ImageStack stack = ImageStack.open(file)) {
        assertThatThrownBy(() -> stack.read(0)).isInstanceOf(UnsupportedImageException.class)
            .hasMessage(file + ": 1-bit (bilevel) images are not supported; Tessera takes 8/16-bit or 32-bit float grey,"
                + " or 8/16-bit RGB");
      }
    }
  }

  @Test
  void checkingAllPagesFindsAnUnsupportedPageBehindGoodOnes() throws IOException {
    byte[] data = tiff(grey16(4, 4, page(0)), grey16(4, 4, page(1)), bilevel(4, 4));
    try (ImageStack stack = ImageStack.open(data, "mixed.tif")) {
      assertThatThrownBy(stack::checkAllPages).isInstanceOf(UnsupportedImageException.class)
          .hasMessageStartingWith("mixed.tif: page 2 of 3: 1-bit (bilevel) images are not supported");
    }
  }

  @Test
  void describesEveryPageOfAGoodStackFromItsHeaders() throws IOException {
    try (ImageStack stack = ImageStack.open(tiff(grey16(6, 2, page(0)), grey16(6, 2, page(1))), "s")) {
      assertThat(stack.checkAllPages()).containsExactly(
          new PageInfo(0, 6, 2, PixelType.UINT16, Conversion.NONE),
          new PageInfo(1, 6, 2, PixelType.UINT16, Conversion.NONE));
      assertThat(stack.info(1).pixelBytes()).isEqualTo(24);
    }
  }

  @Test
  void reportsATruncatedTiffAsUnreadableNotUnsupported() throws IOException {
    byte[] full = tiff(grey16(64, 64, page(0)), grey16(64, 64, page(1)));
    Path file = write("cut.tif", Arrays.copyOf(full, full.length / 3));
    assertThatThrownBy(() -> {
      try (ImageStack stack = ImageStack.open(file)) {
        for (int p = 0; p < stack.pageCount(); p++) {
          stack.read(p);
        }
      }
    }).isInstanceOf(ImageReadException.class).isNotInstanceOf(UnsupportedImageException.class)
        .hasMessageStartingWith(file + ": ");
  }

  @Test
  void namesATiffCutBeforeItsFirstImageAsTruncated() throws IOException {
    byte[] full = tiff(grey16(64, 64, page(0)));
    for (int length : new int[] {8, 12}) {
      Path file = write("header-" + length + ".tif", Arrays.copyOf(full, length));
      assertThatThrownBy(() -> ImageStack.open(file)).isInstanceOf(ImageReadException.class)
          .isNotInstanceOf(UnsupportedImageException.class)
          .hasMessage(file + ": the TIFF ends before its first image (" + length + " bytes): the file is truncated");
    }
  }

  @Test
  void reportsAMissingFileByName() {
    Path missing = dir.resolve("gone.tif");
    assertThatThrownBy(() -> ImageStack.open(missing)).isInstanceOf(ImageReadException.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void buildsAFrameCarryingThePagePixelsPositionAndSize() throws IOException {
    String ome = "<OME><Image><Pixels DimensionOrder=\"XYZCT\" SizeZ=\"2\" SizeC=\"1\" SizeT=\"1\" PhysicalSizeX=\"0.5\"/></Image></OME>";
    try (ImageStack stack = ImageStack.open(tiff("None", Map.of(270, "<?xml version=\"1.0\"?>" + ome),
        List.of(grey16(2, 2, page(0)), grey16(2, 2, page(1)))), "z.ome.tif")) {
      Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
      Frame frame = stack.read(1).toFrame("acq-1", 41, at, Map.of("k", "v"));
      assertThat(frame.getAcquisitionId()).isEqualTo("acq-1");
      assertThat(frame.getFrameIndex()).isEqualTo(41);
      assertThat(frame.getZ()).isEqualTo(1);
      assertThat(frame.getT()).isNull();
      assertThat(frame.getC()).isNull();
      assertThat(frame.getPixelSizeMicrons()).isEqualTo(0.5);
      assertThat(frame.getCapturedAt()).isEqualTo(at);
      assertThat(frame.getAttributes()).containsExactly(Map.entry("k", "v"));
      ByteBuffer pixels = frame.getPixels().duplicate().order(ByteOrder.LITTLE_ENDIAN);
      assertThat(pixels.getShort(0) & 0xFFFF).isEqualTo(20255);
    }
  }

  private Path write(String name, byte[] data) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, data);
    return file;
  }
}
