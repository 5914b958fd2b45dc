package dev.tessera.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.cli.CommandRun;
import dev.tessera.imaging.testing.TestImages;
import dev.tessera.records.Frame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera run} on a user's files: a stack longer than the frames a run keeps in flight and a
 * single image, read page by page as they are published, each mask named after its file and page.
 */
@Tag("integration")
class RunCommandIT {

  @TempDir
  Path tmp;

  @Test
  void segmentsAStackLongerThanTheInFlightWindowAndNamesEachMaskAfterItsFileAndPage() throws IOException {
    int pages = AcquisitionRun.IN_FLIGHT + 4;
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeStack(in.resolve("cells.tif"), pages);
    ImageIO.write(TestImages.grey8(90, 70, (x, y) -> (x * 3 + y) % 256), "png", in.resolve("single.png").toFile());
    Path out = tmp.resolve("out");

    CommandRun run = CommandRun.of("run", "--input", in.toString(), "--out", out.toString(), "--model",
        Path.of("..", "models", "demo", "model.onnx").toString(), "--data-dir", tmp.resolve("data").toString(),
        "--timeout", "120");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains((pages + 1) + " published, " + (pages + 1) + " masks (all)");
    List<String> masks;
    try (Stream<Path> files = Files.list(out.resolve("masks"))) {
      masks = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> expected = new ArrayList<>();
    for (int p = 0; p < pages; p++) {
      expected.add(String.format("cells_p%02d.tif", p));
    }
    expected.add("single.tif");
    assertThat(masks).containsExactlyElementsOf(expected);
    try (Stream<Path> files = Files.list(out.resolve("overlays"))) {
      assertThat(files).hasSize(pages + 1);
    }
  }

  @Test
  void readsPagesOnlyWhenTheyAreReachedAndNamesAFileThatFailsThen() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("lazy"));
    writeStack(in.resolve("a.tif"), 2);
    Path b = in.resolve("b.tif");
    writeStack(b, 2);

    FrameSource source = Acquisitions.fromPath("acq", in);
    assertThat(source.size()).isEqualTo(4);
    assertThat(source.names()).containsEntry(0L, "a_p0").containsEntry(3L, "b_p1");
    byte[] whole = Files.readAllBytes(b);
    Files.write(b, java.util.Arrays.copyOf(whole, whole.length / 2)); // cut short after it was counted

    Iterator<Frame> frames = source.frames().iterator();
    assertThat(frames.next().getAttributes()).containsEntry("source.file", "a.tif").containsEntry("source.page", "0");
    assertThat(frames.next().getFrameIndex()).isEqualTo(1);
    assertThatThrownBy(() -> {
      frames.next();
      frames.next();
    }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b.tif");
  }

  /** A 16-bit TIFF stack of {@code pages} 96x80 pages with bright discs. */
  private static void writeStack(Path file, int pages) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (int p = 0; p < pages; p++) {
        int shift = p;
        BufferedImage img = TestImages.grey16(96, 80, (x, y) -> {
          int dx = (x - 30 - shift) % 40 - 10;
          int dy = y % 40 - 20;
          return dx * dx + dy * dy < 100 ? 3000 : 300;
        });
        writer.writeToSequence(new IIOImage(img, null, null), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
  }
}
