package dev.tessera.cli.output;

import dev.tessera.imaging.io.ImageFiles;
import dev.tessera.imaging.overlay.Overlay;
import dev.tessera.records.Cell;
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
import java.util.Locale;

/**
 * Writes one acquisition's results into a folder: {@code masks/NNNNNN.tif} (16-bit instance label
 * images, 0 = background, as Fiji and napari read them), {@code overlays/NNNNNN.png} (the frame in
 * grey with each cell tinted and outlined, {@link Overlay#instances}) and {@code objects.csv} (one
 * row per cell per frame). The images are written by {@link ImageFiles}.
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

  /** The 16-bit label TIFF of a mask's instances (all zero when the mask has none). */
  public Path writeLabels(Mask mask) {
    Path file = masks.resolve(String.format("%06d.tif", mask.getFrameIndex()));
    try {
      ImageFiles.writeGrey16(file, mask.getWidth(), mask.getHeight(), instances(mask));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return file;
  }

  /** An overlay of the mask's instances on the grey frame (8-bit, already scaled for display). */
  public Path writeOverlay(Mask mask, byte[] displayGrey) {
    Path file = overlays.resolve(String.format("%06d.png", mask.getFrameIndex()));
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
