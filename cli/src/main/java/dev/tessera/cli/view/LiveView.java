package dev.tessera.cli.view;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tessera.cli.local.AcquisitionRun;
import dev.tessera.cli.output.MaskWriter;
import dev.tessera.imaging.overlay.Overlay;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A live view of the running acquisitions: a web page with the latest overlay of each acquisition,
 * its frame rate, cell count and dead letters, updated by server-sent events. It reads the frames,
 * masks, object tables and dead letters from the end of their topics ({@code read_committed}),
 * keeping per acquisition only its newest overlay and the display images of a few frames waiting
 * for their masks.
 *
 * <p>{@code GET /} the page, {@code GET /events} the event stream (one JSON object per change),
 * {@code GET /state} every acquisition as JSON, {@code GET /overlay?acquisition=ID} the newest
 * overlay PNG.
 */
public final class LiveView implements AutoCloseable {

  /** Frames kept per acquisition while their masks are awaited. */
  private static final int WAITING_FRAMES = 8;

  private static final class Acquisition {
    final String id;
    final TreeMap<Long, byte[]> grey = new TreeMap<>();
    final Deque<Long> arrivals = new ArrayDeque<>();
    final Map<Long, Integer> cells = new HashMap<>();
    long frame = -1;
    int width;
    int height;
    int deadLetters;
    String model = "";
    byte[] png;

    Acquisition(String id) {
      this.id = id;
    }

    /** Masks per second over the last 10 s. */
    double frameRate(long now) {
      while (!arrivals.isEmpty() && now - arrivals.peekFirst() > 10_000_000_000L) {
        arrivals.pollFirst();
      }
      return arrivals.size() < 2 ? 0 : (arrivals.size() - 1) / ((arrivals.peekLast() - arrivals.peekFirst()) / 1e9);
    }

    String json(long now) {
      return String.format(Locale.ROOT, "{\"acquisition\": \"%s\", \"frame\": %d, \"width\": %d, \"height\": %d,"
          + " \"cells\": %d, \"framesPerSecond\": %.2f, \"deadLetters\": %d, \"model\": \"%s\"}", escape(id), frame,
          width, height, cells.getOrDefault(frame, 0), frameRate(now), deadLetters, escape(model));
    }
  }

  private final Topics topics;
  private final KafkaConsumer<String, byte[]> consumer;
  private final HttpServer server;
  private final Map<String, Acquisition> acquisitions = new TreeMap<>();
  private final List<OutputStream> listeners = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  /**
   * Starts reading from the end of the topics and serving on {@code port} (0: any free port).
   */
  public LiveView(KafkaSettings kafka, Topics topics, int port) throws IOException {
    this.topics = topics;
    Map<String, Object> props = new HashMap<>(kafka.consumer());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(topics.frames().name(), topics.masks().name(), topics.objects().name(),
        topics.deadLetters().name())) {
      consumer.partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", this::page);
    server.createContext("/events", this::events);
    server.createContext("/state", this::state);
    server.createContext("/overlay", this::overlay);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tessera-view-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    reader = new Thread(this::read, "tessera-view-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The port the page is served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void read() {
    while (running) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        String changed = accept(r);
        if (changed != null) {
          broadcast(changed);
        }
      }
    }
    consumer.close();
  }

  /** Takes one record in; returns the JSON of the acquisition it changed, or null. */
  private synchronized String accept(ConsumerRecord<String, byte[]> r) {
    long now = System.nanoTime();
    if (r.topic().equals(topics.frames().name())) {
      Frame f = topics.frames().valueSerde().deserializer().deserialize(r.topic(), r.value());
      Acquisition a = acquisitions.computeIfAbsent(f.getAcquisitionId(), Acquisition::new);
      a.grey.put(f.getFrameIndex(), AcquisitionRun.displayGrey(f));
      while (a.grey.size() > WAITING_FRAMES) {
        a.grey.pollFirstEntry();
      }
      return null;
    }
    if (r.topic().equals(topics.masks().name())) {
      Mask m = topics.masks().valueSerde().deserializer().deserialize(r.topic(), r.value());
      Acquisition a = acquisitions.computeIfAbsent(m.getAcquisitionId(), Acquisition::new);
      byte[] grey = a.grey.remove(m.getFrameIndex());
      a.grey.headMap(m.getFrameIndex()).clear();
      int w = m.getWidth();
      int h = m.getHeight();
      a.png = png(w, h, Overlay.instances(w, h, grey != null ? grey : new byte[w * h], MaskWriter.instances(m)));
      a.frame = m.getFrameIndex();
      a.width = w;
      a.height = h;
      a.model = m.getModelId();
      a.arrivals.addLast(now);
      return a.json(now);
    }
    if (r.topic().equals(topics.objects().name())) {
      ObjectTable t = topics.objects().valueSerde().deserializer().deserialize(r.topic(), r.value());
      Acquisition a = acquisitions.computeIfAbsent(t.getAcquisitionId(), Acquisition::new);
      a.cells.keySet().removeIf(frame -> frame < t.getFrameIndex() - WAITING_FRAMES);
      a.cells.put(t.getFrameIndex(), t.getCells().size());
      return a.frame == t.getFrameIndex() ? a.json(now) : null;
    }
    DeadLetter d = topics.deadLetters().valueSerde().deserializer().deserialize(r.topic(), r.value());
    String key = r.key() == null ? "" : r.key();
    String acq = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
    if (acq.isEmpty()) {
      return null;
    }
    Acquisition a = acquisitions.computeIfAbsent(acq, Acquisition::new);
    a.deadLetters++;
    return a.json(now);
  }

  private void broadcast(String json) {
    byte[] event = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    for (OutputStream out : listeners) {
      try {
        out.write(event);
        out.flush();
      } catch (IOException e) {
        listeners.remove(out);
      }
    }
  }

  private void page(HttpExchange x) throws IOException {
    if (!x.getRequestURI().getPath().equals("/")) {
      send(x, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String page;
    try (InputStream in = LiveView.class.getResourceAsStream("/view/index.html")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // The page carries the current state, so it shows it before the first event.
    send(x, 200, "text/html; charset=utf-8", page.replace("/*STATE*/[]", stateJson())
        .getBytes(StandardCharsets.UTF_8));
  }

  private void events(HttpExchange x) throws IOException {
    x.getResponseHeaders().set("Content-Type", "text/event-stream");
    x.getResponseHeaders().set("Cache-Control", "no-cache");
    x.sendResponseHeaders(200, 0);
    OutputStream out = x.getResponseBody();
    out.write(": tessera live view\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    listeners.add(out); // kept open; removed when a write fails
  }

  private void state(HttpExchange x) throws IOException {
    send(x, 200, "application/json", stateJson().getBytes(StandardCharsets.UTF_8));
  }

  /** Every acquisition with a mask or a dead letter so far, as a JSON array. */
  private synchronized String stateJson() {
    long now = System.nanoTime();
    StringBuilder json = new StringBuilder("[");
    for (Acquisition a : acquisitions.values()) {
      if (a.frame >= 0 || a.deadLetters > 0) {
        json.append(json.length() > 1 ? ", " : "").append(a.json(now));
      }
    }
    return json.append(']').toString();
  }

  private void overlay(HttpExchange x) throws IOException {
    String query = x.getRequestURI().getQuery();
    String id = query != null && query.startsWith("acquisition=")
        ? java.net.URLDecoder.decode(query.substring("acquisition=".length()).split("&")[0], StandardCharsets.UTF_8)
        : "";
    byte[] png;
    synchronized (this) {
      Acquisition a = acquisitions.get(id);
      png = a == null ? null : a.png;
    }
    if (png == null) {
      send(x, 404, "text/plain", ("no overlay of " + id).getBytes(StandardCharsets.UTF_8));
    } else {
      send(x, 200, "image/png", png);
    }
  }

  private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] png(int w, int h, int[] rgb) {
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

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5000);
    server.stop(0);
  }
}
