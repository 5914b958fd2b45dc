package dev.tessera.cli.local;

import dev.tessera.imaging.io.ImagePage;
import dev.tessera.imaging.io.ImageReadException;
import dev.tessera.imaging.io.ImageStack;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import dev.tessera.trainer.synth.SyntheticCells;
import dev.tessera.trainer.synth.SyntheticFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Where the frames of a local run come from: a synthetic time lapse, or image files. */
public final class Acquisitions {

  private Acquisitions() {}

  /**
   * A synthetic time lapse of {@code frames} UINT16 frames in which cells drift and divide.
   */
  public static List<Frame> synthetic(String acquisitionId, int width, int height, int frames, long seed) {
    List<SyntheticFrame> lapse = SyntheticCells.timeLapse(width, height, frames, seed);
    List<Frame> out = new ArrayList<>(lapse.size());
    Instant t0 = Instant.now();
    for (int i = 0; i < lapse.size(); i++) {
      SyntheticFrame s = lapse.get(i);
      out.add(Frame.newBuilder()
          .setAcquisitionId(acquisitionId)
          .setFrameIndex(i)
          .setT(i)
          .setWidth(s.width())
          .setHeight(s.height())
          .setPixelType(PixelType.UINT16)
          .setPixels(ByteBuffer.wrap(s.pixelBytes()))
          .setCapturedAt(t0.plusMillis(i))
          .setAttributes(Map.of("source", "synthetic time lapse, seed " + seed))
          .build());
    }
    return out;
  }

  /**
   * The frames of an image file (every page of a TIFF stack) or of every image file in a folder,
   * in name order, numbered from 0.
   *
   * @throws IllegalArgumentException naming the file and the reason when one cannot be read
   */
  public static List<Frame> fromPath(String acquisitionId, Path input) {
    List<Path> files = files(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No TIFF or PNG files in " + input);
    }
    List<Frame> frames = new ArrayList<>();
    Instant now = Instant.now();
    for (Path file : files) {
      try (ImageStack stack = ImageStack.open(file)) {
        for (int p = 0; p < stack.pageCount(); p++) {
          ImagePage page = stack.read(p);
          Map<String, String> attributes = Map.of(FramePublisher.FILE_ATTRIBUTE,
              file.getFileName().toString(), FramePublisher.PAGE_ATTRIBUTE, Integer.toString(p));
          frames.add(page.toFrame(acquisitionId, frames.size(), now.plusMillis(frames.size()), attributes));
        }
      } catch (ImageReadException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return frames;
  }

  private static List<Path> files(Path input) {
    if (!Files.exists(input)) {
      throw new IllegalArgumentException("--input " + input + " does not exist");
    }
    if (!Files.isDirectory(input)) {
      return List.of(input);
    }
    try (Stream<Path> list = Files.list(input)) {
      return list.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(tif|tiff|png)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + input, e);
    }
  }
}
