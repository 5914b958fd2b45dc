package dev.tessera.tracker;

import dev.tessera.records.Cell;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Region;
import dev.tessera.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Frames of discs as the stitcher publishes them: a mask with instance labels and its object table. */
public final class TrackerFixtures {

  public static final int W = 60;
  public static final int H = 30;
  public static final String MODEL = "unet-test";
  public static final Instant CAPTURED = Instant.parse("2026-12-02T09:00:00Z");

  private TrackerFixtures() {}

  /** Discs {cx, cy, r} drawn into a W x H label image, labelled 1, 2, ... in the order given. */
  public static int[] discs(int[]... discs) {
    int[] labels = new int[W * H];
    for (int d = 0; d < discs.length; d++) {
      int[] c = discs[d];
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          if ((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) <= c[2] * c[2]) {
            labels[y * W + x] = d + 1;
          }
        }
      }
    }
    return labels;
  }

  public static Mask mask(String acq, long frame, int[] labels) {
    int count = 0;
    ByteBuffer instances = ByteBuffer.allocate(2 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
    byte[] classes = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      count = Math.max(count, labels[i]);
      instances.putShort((short) labels[i]);
      classes[i] = (byte) (labels[i] == 0 ? 0 : 1);
    }
    Instant at = CAPTURED.plusSeconds(frame);
    return Mask.newBuilder().setAcquisitionId(acq).setFrameIndex(frame).setWidth(W).setHeight(H)
        .setClassLabels(ByteBuffer.wrap(classes)).setForeground(ByteBuffer.wrap(classes.clone()))
        .setInstanceCount(count).setInstances(instances.flip()).setModelId(MODEL).setModelSha256("ab12")
        .setGeometryId("unet-d1/in26/m8").setTileCount(1).setCapturedAt(at).setTiledAt(at).setFirstScoredAt(at)
        .setLastScoredAt(at).setStitchedAt(at).build();
  }

  /** The object table that describes {@code labels} exactly. */
  public static ObjectTable objects(String acq, long frame, int[] labels) {
    int count = 0;
    for (int l : labels) {
      count = Math.max(count, l);
    }
    List<Cell> cells = new ArrayList<>();
    for (int label = 1; label <= count; label++) {
      int area = 0;
      int x0 = W;
      int y0 = H;
      int x1 = -1;
      int y1 = -1;
      double sx = 0;
      double sy = 0;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == label) {
          int x = i % W;
          int y = i / W;
          area++;
          sx += x;
          sy += y;
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
        }
      }
      cells.add(new Cell(label, area, sx / area, sy / area, new Region(x0, y0, x1 - x0 + 1, y1 - y0 + 1), 1f));
    }
    return ObjectTable.newBuilder().setAcquisitionId(acq).setFrameIndex(frame).setWidth(W).setHeight(H)
        .setModelId(MODEL).setCapturedAt(CAPTURED.plusSeconds(frame)).setCells(cells).build();
  }

  public static byte[] encode(Topics topics, Mask mask) {
    return topics.masks().valueSerde().serializer().serialize(topics.masks().name(), mask);
  }

  public static byte[] encode(Topics topics, ObjectTable objects) {
    return topics.objects().valueSerde().serializer().serialize(topics.objects().name(), objects);
  }
}
