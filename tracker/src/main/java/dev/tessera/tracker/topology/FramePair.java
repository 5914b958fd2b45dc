package dev.tessera.tracker.topology;

import dev.tessera.records.Cell;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame's mask and object table checked against each other: the object table must describe the
 * mask's cells exactly (one row per instance label, with its area), for the same frame size and
 * model. Pure: no Kafka.
 */
public final class FramePair {

  /** How many differences a reason names before it says "and N more". */
  private static final int NAMED = 3;

  private FramePair() {}

  /**
   * The mask's instance labels (0 background), row-major, after checking the object table against
   * them.
   *
   * @throws Rejection {@code mask-without-instances} when the mask has cells but no label image,
   *     {@code objects-contradict-mask} naming the first differences otherwise
   */
  public static int[] labels(Mask mask, ObjectTable objects) {
    String frame = "frame " + mask.getFrameIndex() + " of acquisition '" + mask.getAcquisitionId() + "'";
    if (mask.getWidth() != objects.getWidth() || mask.getHeight() != objects.getHeight()) {
      throw contradiction(frame + ": the mask is " + mask.getWidth() + "x" + mask.getHeight() + ", its object table "
          + objects.getWidth() + "x" + objects.getHeight());
    }
    if (!mask.getModelId().equals(objects.getModelId())) {
      throw contradiction(frame + ": the mask was made by model '" + mask.getModelId() + "', its object table by '"
          + objects.getModelId() + "'");
    }
    int pixels = mask.getWidth() * mask.getHeight();
    int[] labels = new int[pixels];
    if (mask.getInstances() == null) {
      if (mask.getInstanceCount() > 0 || !objects.getCells().isEmpty()) {
        throw new Rejection(DeadLetterError.MASK_WITHOUT_INSTANCES, frame + ": the mask counts "
            + mask.getInstanceCount() + " cells and its object table " + objects.getCells().size()
            + ", but the mask carries no instance labels to link them by");
      }
      return labels;
    }
    ByteBuffer instances = mask.getInstances().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (instances.remaining() != 2 * pixels) {
      throw contradiction(frame + ": the mask's instance labels are " + instances.remaining() + " bytes, not the "
          + 2 * pixels + " of " + mask.getWidth() + "x" + mask.getHeight() + " uint16 labels");
    }
    int count = mask.getInstanceCount();
    long[] area = new long[count + 1];
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < pixels; i++) {
      int label = instances.getShort() & 0xFFFF;
      if (label > count) {
        throw contradiction(frame + ": the mask holds label " + label + " but counts " + count + " cells");
      }
      labels[i] = label;
      area[label]++;
    }
    boolean[] listed = new boolean[count + 1];
    for (Cell cell : objects.getCells()) {
      int label = cell.getLabel();
      if (label < 1 || label > count) {
        differences.add("row for label " + label + ", which the mask does not have");
      } else if (listed[label]) {
        differences.add("two rows for label " + label);
      } else {
        listed[label] = true;
        if (cell.getArea() != area[label]) {
          differences.add("label " + label + " has area " + cell.getArea() + " in the table, " + area[label]
              + " px in the mask");
        }
      }
    }
    for (int label = 1; label <= count; label++) {
      if (!listed[label]) {
        differences.add("label " + label + " (" + area[label] + " px) has no row");
      }
    }
    if (!differences.isEmpty()) {
      String named = String.join("; ", differences.subList(0, Math.min(NAMED, differences.size())));
      throw contradiction(frame + ": the object table lists " + objects.getCells().size() + " cells, the mask "
          + count + ": " + named + (differences.size() > NAMED ? "; and " + (differences.size() - NAMED) + " more" : ""));
    }
    return labels;
  }

  private static Rejection contradiction(String reason) {
    return new Rejection(DeadLetterError.OBJECTS_CONTRADICT_MASK, reason + "; the frame is not tracked");
  }
}
