package dev.tessera.cli.local;

import dev.tessera.cli.output.MaskWriter;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
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
   * in name order, numbered from 0. The files are opened once up front to count their pages (no
   * pixels decoded); the pages are read one at a time as the source is iterated, each file kept
   * open while its pages are read.
   *
   * @throws IllegalArgumentException naming the file and the reason when one cannot be opened (at
   *     once) or a page cannot be read (when it is reached)
   */
  public static FrameSource fromPath(String acquisitionId, Path input) {
    List<Path> files = files(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No TIFF or PNG files in " + input);
    }
    Map<Long, Map<String, String>> attributes = new LinkedHashMap<>();
    List<Integer> pageCounts = new ArrayList<>();
    for (Path file : files) {
      int pages;
      try (ImageStack stack = ImageStack.open(file)) {
        pages = stack.pageCount();
      } catch (ImageReadException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      pageCounts.add(pages);
      for (int p = 0; p < pages; p++) {
        attributes.put((long) attributes.size(), Map.of(FramePublisher.FILE_ATTRIBUTE, file.getFileName().toString(),
            FramePublisher.PAGE_ATTRIBUTE, Integer.toString(p)));
      }
    }
    Instant now = Instant.now();
    Iterable<Frame> frames = () -> new PageReader(acquisitionId, files, pageCounts, attributes, now);
    return new FrameSource(acquisitionId, attributes.size(), MaskWriter.names(attributes), frames);
  }

  /** Reads the pages of the files in order, one file open at a time. */
  private static final class PageReader implements Iterator<Frame> {
    private final String acquisitionId;
    private final List<Path> files;
    private final List<Integer> pageCounts;
    private final Map<Long, Map<String, String>> attributes;
    private final Instant capturedFrom;
    private int file = -1;
    private int page;
    private long index;
    private ImageStack open;

    PageReader(String acquisitionId, List<Path> files, List<Integer> pageCounts,
        Map<Long, Map<String, String>> attributes, Instant capturedFrom) {
      this.acquisitionId = acquisitionId;
      this.files = files;
      this.pageCounts = pageCounts;
      this.attributes = attributes;
      this.capturedFrom = capturedFrom;
    }

    @Override
    public boolean hasNext() {
      return index < attributes.size();
    }

    @Override
    public Frame next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        while (open == null || page == pageCounts.get(file)) {
          if (open != null) {
            open.close();
            open = null;
          }
          file++;
          page = 0;
          open = ImageStack.open(files.get(file));
        }
        ImagePage p = open.read(page++);
        Frame f = p.toFrame(acquisitionId, index, capturedFrom.plusMillis(index), attributes.get(index));
        index++;
        if (!hasNext()) {
          open.close();
        }
        return f;
      } catch (ImageReadException e) {
        if (open != null) {
          open.close();
        }
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
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
