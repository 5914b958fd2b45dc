package dev.tessera.cli.output;

import dev.tessera.imaging.io.ImageFiles;
import dev.tessera.imaging.overlay.Overlay;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.records.Cell;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.schemas.Pixels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one acquisition's results into a folder: {@code masks/NAME.tif} (16-bit instance label
 * images, 0 = background, as Fiji and napari read them), {@code overlays/NAME.png} (the frame in
 * grey with each cell tinted and outlined, {@link Overlay#instances}) and {@code objects.csv} (one
 * row per cell per frame). NAME is chosen by {@link #names}: the source file and page where the
 * frame came from a file. The images are written by {@link ImageFiles}.
 */
public final class MaskWriter implements AutoCloseable {

  private final Path masks;
  private final Path overlays;
  private final Writer csv;

  public MaskWriter(Path out) {
    try {
      this.masks = Files.createDirectories(out.resolve("masks"));
      this.overlays = Files.createDirectories(out.resolve("overlays"));
      this.csv = Files.newBufferedWriter(out.resolve("objects.csv"), StandardCharsets.UTF_8);
      csv.write("acquisition,frame,label,area,centroid_x,centroid_y,bbox_x,bbox_y,bbox_width,bbox_height,mean_probability\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create output folders under " + out, e);
    }
  }

  /**
   * The output name of each frame, by frame index: {@code <file stem>} for a single image,
   * {@code <file stem>_p<page>} for a page of a stack (zero-padded to the stack's page count so
   * names sort in page order), the file name with its dot replaced ({@code a_tif}) where two files
   * share a stem, and the six-digit frame index for frames that carry no {@code source.file}.
   */
  public static Map<Long, String> names(List<Frame> frames) {
    Map<Long, Map<String, String>> attributes = new LinkedHashMap<>();
    frames.forEach(f -> attributes.put(f.getFrameIndex(), f.getAttributes()));
    return names(attributes);
  }

  /** {@link #names(List)} from each frame's attributes alone, by frame index (no pixels needed). */
  public static Map<Long, String> names(Map<Long, Map<String, String>> attributesByFrame) {
    Map<String, Integer> pages = new HashMap<>();
    Map<String, Set<String>> filesByStem = new HashMap<>();
    for (Map<String, String> a : attributesByFrame.values()) {
      String file = a.get(FramePublisher.FILE_ATTRIBUTE);
      if (file != null) {
        pages.merge(file, 1, Integer::sum);
        filesByStem.computeIfAbsent(stem(file), k -> new HashSet<>()).add(file);
      }
    }
    Map<Long, String> names = new HashMap<>();
    attributesByFrame.forEach((index, a) -> {
      String file = a.get(FramePublisher.FILE_ATTRIBUTE);
      String name;
      if (file == null) {
        name = String.format(Locale.ROOT, "%06d", index);
      } else {
        String stem = stem(file);
        name = filesByStem.get(stem).size() > 1 ? file.replace('.', '_') : stem;
        int count = pages.get(file);
        if (count > 1) {
          String page = a.getOrDefault(FramePublisher.PAGE_ATTRIBUTE, Long.toString(index));
          int digits = Integer.toString(count - 1).length();
          name += String.format(Locale.ROOT, "_p%0" + digits + "d", Integer.parseInt(page));
        }
      }
      names.put(index, name);
    });
    return names;
  }

  private static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  /** The 16-bit label TIFF {@code masks/<name>.tif} of a mask's instances (all zero when it has none). */
  public Path writeLabels(Mask mask, String name) {
    Path file = masks.resolve(name + ".tif");
    try {
      ImageFiles.writeGrey16(file, mask.getWidth(), mask.getHeight(), instances(mask));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return file;
  }

  /** {@code overlays/<name>.png}: the mask's instances on the grey frame (8-bit, scaled for display). */
  public Path writeOverlay(Mask mask, byte[] displayGrey, String name) {
    Path file = overlays.resolve(name + ".png");
    try {
      ImageFiles.writeRgb(file, mask.getWidth(), mask.getHeight(),
          Overlay.instances(mask.getWidth(), mask.getHeight(), displayGrey, instances(mask)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return file;
  }

  /** Appends a frame's cells to {@code objects.csv}. */
  public void writeObjects(ObjectTable table) {
    try {
      for (Cell c : table.getCells()) {
        csv.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%.3f,%.3f,%d,%d,%d,%d,%.4f%n",
            table.getAcquisitionId(), table.getFrameIndex(), c.getLabel(), c.getArea(), c.getCentroidX(),
            c.getCentroidY(), c.getBoundingBox().getX(), c.getBoundingBox().getY(),
            c.getBoundingBox().getWidth(), c.getBoundingBox().getHeight(), c.getMeanProbability()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Instance labels of a mask, one int per pixel (zeros when it carries none). */
  public static int[] instances(Mask mask) {
    ByteBuffer bytes = mask.getInstances();
    return bytes == null ? new int[mask.getWidth() * mask.getHeight()] : Pixels.toUint16(bytes);
  }

  @Override
  public void close() {
    try {
      csv.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
