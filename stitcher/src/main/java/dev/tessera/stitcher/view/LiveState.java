package dev.tessera.stitcher.view;

import dev.tessera.imaging.overlay.Overlay;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Track;
import dev.tessera.records.TrackedCell;
import dev.tessera.schemas.Pixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * What the live view knows of each acquisition: its newest overlay, frame index and size, cell
 * count, frame rate over the last 10 s, dead letters and model. Fed one record at a time, in the
 * order they were read; each change returns the acquisition's JSON, the event the view pushes.
 * Bounded: per acquisition the newest mask's labels and display image, the display images of at
 * most {@value #WAITING_FRAMES} frames waiting for their masks, the cell counts of as many frames.
 * The overlay PNG is drawn when first asked for and kept until the next mask: a view nobody
 * watches encodes no image.
 *
 * <p>The JSON of an acquisition: {@code {"acquisition": "a1", "frame": 2, "width": 256, "height":
 * 256, "cells": 31, "framesPerSecond": 1.50, "deadLetters": 0, "tracks": 40, "divisions": 3, "model":
 * "m"}} ({@code frame} is -1 before the first mask; {@code tracks} and {@code divisions} stay 0
 * where no tracker runs).
 *
 * <p>Pure: no Kafka, no HTTP. Thread-safe: one thread feeds it, any number read it; an overlay is
 * encoded outside the lock, so neither waits for it. Times are {@link System#nanoTime()} values
 * passed in.
 */
public final class LiveState {

  /** Frames kept per acquisition while their masks are awaited. */
  static final int WAITING_FRAMES = 8;
  /** The frame rate counts the masks of this last stretch of time. */
  static final long RATE_WINDOW_NANOS = 10_000_000_000L;

  private static final class Acquisition {
    final String id;
    final TreeMap<Long, byte[]> grey = new TreeMap<>();
    final Deque<Long> arrivals = new ArrayDeque<>();
    final Map<Long, Integer> cells = new HashMap<>();
    long frame = -1;
    int width;
    int height;
    int deadLetters;
    /** Tracks begun so far (track ids count from 1 per acquisition) and divisions, from the tracker. */
    int tracks;
    int divisions;
    String model = "";
    /** The newest mask: how many so far (tells a cached PNG's mask), its labels and its frame's grey. */
    long masks;
    ByteBuffer labels;
    byte[] overlayGrey;
    /** The newest mask's overlay once drawn. */
    byte[] png;

    Acquisition(String id) {
      this.id = id;
    }

    /** Masks per second over the last {@link #RATE_WINDOW_NANOS}; 0 below two masks. */
    double frameRate(long now) {
      while (!arrivals.isEmpty() && now - arrivals.peekFirst() > RATE_WINDOW_NANOS) {
        arrivals.pollFirst();
      }
      return arrivals.size() < 2 ? 0 : (arrivals.size() - 1) / ((arrivals.peekLast() - arrivals.peekFirst()) / 1e9);
    }

    String json(long now) {
      return String.format(Locale.ROOT, "{\"acquisition\": \"%s\", \"frame\": %d, \"width\": %d, \"height\": %d,"
          + " \"cells\": %d, \"framesPerSecond\": %.2f, \"deadLetters\": %d, \"tracks\": %d, \"divisions\": %d,"
          + " \"model\": \"%s\"}", jsonString(id), frame, width, height, cells.getOrDefault(frame, 0), frameRate(now),
          deadLetters, tracks, divisions, jsonString(model));
    }
  }

  private final Map<String, Acquisition> acquisitions = new TreeMap<>();

  /**
   * Keeps the display image of {@code frame} (normalized as the overlays the launcher writes) until
   * its mask arrives; the oldest goes beyond {@value #WAITING_FRAMES} waiting frames. No event: the
   * page shows masks.
   */
  public void frame(Frame frame) {
    byte[] grey = Overlay.displayGrey(frame);
    synchronized (this) {
      Acquisition a = acquisitions.computeIfAbsent(frame.getAcquisitionId(), Acquisition::new);
      a.grey.put(frame.getFrameIndex(), grey);
      while (a.grey.size() > WAITING_FRAMES) {
        a.grey.pollFirstEntry();
      }
    }
  }

  /**
   * Makes {@code mask} its acquisition's newest: its overlay is its instances over its frame's
   * display image, or over black when the frame was not seen (read before the view started, or
   * evicted). Frames waiting with a lower index are dropped: their masks would have come first.
   *
   * @param now when the mask was read, for the frame rate
   * @return the acquisition's JSON
   */
  public synchronized String mask(Mask mask, long now) {
    Acquisition a = acquisitions.computeIfAbsent(mask.getAcquisitionId(), Acquisition::new);
    byte[] grey = a.grey.remove(mask.getFrameIndex());
    a.grey.headMap(mask.getFrameIndex()).clear();
    a.frame = mask.getFrameIndex();
    a.width = mask.getWidth();
    a.height = mask.getHeight();
    a.model = mask.getModelId();
    a.masks++;
    a.labels = mask.getInstances();
    a.overlayGrey = grey != null && grey.length == a.width * a.height ? grey : null;
    a.png = null;
    a.arrivals.addLast(now);
    return a.json(now);
  }

  /**
   * Counts the cells of {@code table}'s frame.
   *
   * @return the acquisition's JSON when the table belongs to its newest mask (the cell count shown
   *     changed), else empty
   */
  public synchronized Optional<String> objects(ObjectTable table, long now) {
    Acquisition a = acquisitions.computeIfAbsent(table.getAcquisitionId(), Acquisition::new);
    a.cells.keySet().removeIf(frame -> frame < table.getFrameIndex() - WAITING_FRAMES);
    a.cells.put(table.getFrameIndex(), table.getCells().size());
    return a.frame == table.getFrameIndex() ? Optional.of(a.json(now)) : Optional.empty();
  }

  /**
   * Counts the tracks and divisions of a frame's {@code Track} record (the tracker's).
   *
   * @return the acquisition's JSON once it has a mask, else empty
   */
  public synchronized Optional<String> track(Track track, long now) {
    Acquisition a = acquisitions.computeIfAbsent(track.getAcquisitionId(), Acquisition::new);
    for (TrackedCell c : track.getCells()) {
      a.tracks = Math.max(a.tracks, c.getTrackId());
    }
    a.divisions += track.getDivisions().size();
    return a.frame >= 0 ? Optional.of(a.json(now)) : Optional.empty();
  }

  /**
   * Counts a dead letter against the acquisition its key names: dead letters keep the key of the
   * record that failed, {@code acq}, {@code acq/frame} or {@code acq/frame/tile}.
   *
   * @return the acquisition's JSON, or empty for a key naming none (null or empty)
   */
  public synchronized Optional<String> deadLetter(String key, long now) {
    String acquisition = key == null ? "" : key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
    if (acquisition.isEmpty()) {
      return Optional.empty();
    }
    Acquisition a = acquisitions.computeIfAbsent(acquisition, Acquisition::new);
    a.deadLetters++;
    return Optional.of(a.json(now));
  }

  /** Every acquisition with a mask or a dead letter so far, by id, as a JSON array. */
  public synchronized String json(long now) {
    StringBuilder json = new StringBuilder("[");
    for (Acquisition a : acquisitions.values()) {
      if (a.frame >= 0 || a.deadLetters > 0) {
        json.append(json.length() > 1 ? ", " : "").append(a.json(now));
      }
    }
    return json.append(']').toString();
  }

  /**
   * The newest overlay of {@code acquisition}, a PNG, if a mask of it was read: drawn on the first
   * call after each mask (by the calling thread), the same bytes until the next.
   */
  public Optional<byte[]> overlay(String acquisition) {
    Acquisition a;
    long masks;
    int w;
    int h;
    byte[] grey;
    ByteBuffer labels;
    synchronized (this) {
      a = acquisitions.get(acquisition);
      if (a == null || a.masks == 0) {
        return Optional.empty();
      }
      if (a.png != null) {
        return Optional.of(a.png);
      }
      masks = a.masks;
      w = a.width;
      h = a.height;
      grey = a.overlayGrey != null ? a.overlayGrey : new byte[w * h];
      labels = a.labels;
    }
    int[] decoded = labels == null ? null : Pixels.toUint16(labels);
    byte[] png = png(w, h, Overlay.instances(w, h, grey,
        decoded != null && decoded.length == w * h ? decoded : new int[w * h]));
    synchronized (this) {
      if (a.masks == masks) { // no newer mask meanwhile
        a.png = png;
      }
    }
    return Optional.of(png);
  }

  /** Packed {@code 0xRRGGBB} pixels as a PNG. */
  static byte[] png(int w, int h, int[] rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, w, h, rgb, 0, w);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * {@code s} inside a JSON string: quotes, backslashes and control characters escaped, and
   * {@code <}, {@code >}, {@code &} too, so the JSON can stand in the page's {@code <script>}.
   */
  static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
