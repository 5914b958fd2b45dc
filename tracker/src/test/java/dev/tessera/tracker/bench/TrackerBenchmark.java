package dev.tessera.tracker.bench;

import dev.tessera.imaging.tracking.Linker;
import dev.tessera.records.Cell;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Region;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.tracker.topology.TrackerSettings;
import dev.tessera.tracker.topology.TrackerTopology;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * How long the tracker takes per frame: the linker alone, and the whole tracker topology (decoding
 * both halves, checking them against each other, reading and writing the acquisition's state in
 * its state stores, publishing the Track record) in a {@code TopologyTestDriver}, for 512x512 frames of about
 * 300 cells and 2048x2048 frames of about 4800 (fewer are visible: discs drawn over others). Cells are discs of radius 7 that each drift by up to
 * one pixel per frame. Prints a table and writes {@code docs/performance-tracker.md} and {@code .json}.
 */
public final class TrackerBenchmark {

  private static final Topics TOPICS = Topics.defaults();

  private record Size(int side, int cells) {}

  private record Result(int side, int cells, double linkerMs, double topologyMs, long stateBytes) {}

  private TrackerBenchmark() {}

  public static void main(String[] args) throws IOException {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int warmup = 5;
    List<Result> results = new ArrayList<>();
    for (Size size : List.of(new Size(512, 300), new Size(2048, 4800))) {
      List<int[]> lapse = lapse(size, warmup + frames, 17);
      double[] topology = topology(size.side(), lapse, warmup);
      int cells = java.util.Arrays.stream(lapse.get(lapse.size() - 1)).max().orElse(0);
      results.add(new Result(size.side(), cells, linkerMs(lapse, warmup), topology[0], (long) topology[1]));
    }
    String cpu = cpu();
    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    StringBuilder md = new StringBuilder("# Tracker performance\n\nMeasured ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ").append(cpu).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(", load average ").append(load)
        .append(" when it ended (other work on the machine slows both columns).\n\nCommand: `./mvnw -B -o -q -pl tracker test-compile"
            + " exec:exec [-Dbench.frames=").append(frames).append("]` (source `tracker/src/test/java/dev/tessera/"
            + "tracker/bench/TrackerBenchmark.java`); ").append(frames).append(" timed frames after ").append(warmup)
        .append(" warm-up frames, one acquisition.\n\n| frame | cells | linker, ms per frame | whole tracker topology,"
            + " ms per frame | tracking state per acquisition, KB |\n|---|---:|---:|---:|---:|\n");
    StringBuilder json = new StringBuilder("{\"cpu\":\"").append(cpu).append("\",\"frames\":").append(frames)
        .append(",\"results\":[");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      md.append(String.format(Locale.ROOT, "| %dx%d | %d | %.1f | %.1f | %.0f |%n", r.side(), r.side(), r.cells(),
          r.linkerMs(), r.topologyMs(), r.stateBytes() / 1024.0));
      json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"side\":%d,\"cells\":%d,\"linkerMs\":%.2f,"
          + "\"topologyMs\":%.2f,\"stateBytes\":%d}", r.side(), r.cells(), r.linkerMs(),
          r.topologyMs(), r.stateBytes()));
    }
    json.append("]}\n");
    md.append("\nThe linker assigns each group of mutually overlapping tracks and cells alone (`Linker`), so its"
        + " cost grows with the cells, not with their square or cube. The topology adds the Avro decoding of the"
        + " mask (a 2048x2048 mask is 16 MiB) and the object table, their check against each other, and the"
        + " acquisition's state (its live tracks' last masks as pixel runs) read and written once per frame.\n");
    System.out.print(md);
    Path docs = Path.of(System.getProperty("tessera.docs", "docs"));
    Files.createDirectories(docs);
    Files.writeString(docs.resolve("performance-tracker.md"), md.toString());
    Files.writeString(docs.resolve("performance-tracker.json"), json.toString());
  }

  /** Label images of drifting discs; a disc overlapping an earlier one is drawn over it. */
  private static List<int[]> lapse(Size size, int frames, long seed) {
    Random random = new Random(seed);
    int n = size.cells();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 8 + random.nextDouble() * (size.side() - 16);
      y[i] = 8 + random.nextDouble() * (size.side() - 16);
    }
    List<int[]> lapse = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      int[] labels = new int[size.side() * size.side()];
      int label = 0;
      for (int i = 0; i < n; i++) {
        x[i] = Math.max(8, Math.min(size.side() - 9, x[i] + random.nextDouble() * 2 - 1));
        y[i] = Math.max(8, Math.min(size.side() - 9, y[i] + random.nextDouble() * 2 - 1));
        label++;
        for (int dy = -7; dy <= 7; dy++) {
          for (int dx = -7; dx <= 7; dx++) {
            if (dx * dx + dy * dy <= 49) {
              labels[((int) y[i] + dy) * size.side() + (int) x[i] + dx] = label;
            }
          }
        }
      }
      lapse.add(relabel(labels));
    }
    return lapse;
  }

  /** Labels 1..K of the cells still visible, in order of their label. */
  private static int[] relabel(int[] labels) {
    int max = 0;
    for (int l : labels) {
      max = Math.max(max, l);
    }
    int[] next = new int[max + 1];
    int k = 0;
    boolean[] seen = new boolean[max + 1];
    for (int l : labels) {
      seen[l] = true;
    }
    for (int l = 1; l <= max; l++) {
      next[l] = seen[l] ? ++k : 0;
    }
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = next[labels[i]];
    }
    return out;
  }

  private static double linkerMs(List<int[]> lapse, int warmup) {
    Linker linker = new Linker(Linker.Options.DEFAULTS);
    long start = 0;
    for (int f = 0; f < lapse.size(); f++) {
      if (f == warmup) {
        start = System.nanoTime();
      }
      linker.next(f, lapse.get(f));
    }
    return (System.nanoTime() - start) / 1e6 / (lapse.size() - warmup);
  }

  /** Milliseconds per frame, and the bytes of the acquisition's state entry after the last frame. */
  private static double[] topology(int side, List<int[]> lapse, int warmup) throws IOException {
    Path state = Files.createTempDirectory("tracker-bench");
    Properties props = TrackerTopology.streamsConfig(KafkaSettings.plaintext("localhost:9"), TOPICS, "tracker-bench");
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(TrackerTopology.build(TOPICS, TrackerSettings.defaults()),
        props)) {
      TestInputTopic<String, byte[]> masks = driver.createInputTopic(TOPICS.masks().name(), new StringSerializer(),
          new ByteArraySerializer());
      TestInputTopic<String, byte[]> objects = driver.createInputTopic(TOPICS.objects().name(),
          new StringSerializer(), new ByteArraySerializer());
      List<byte[][]> encoded = new ArrayList<>();
      for (int f = 0; f < lapse.size(); f++) {
        encoded.add(new byte[][] {
            TOPICS.masks().valueSerde().serializer().serialize(TOPICS.masks().name(), mask(side, f, lapse.get(f))),
            TOPICS.objects().valueSerde().serializer().serialize(TOPICS.objects().name(),
                objects(side, f, lapse.get(f)))});
      }
      long start = 0;
      for (int f = 0; f < lapse.size(); f++) {
        if (f == warmup) {
          start = System.nanoTime();
        }
        masks.pipeInput("bench", encoded.get(f)[0]);
        objects.pipeInput("bench", encoded.get(f)[1]);
      }
      double ms = (System.nanoTime() - start) / 1e6 / (lapse.size() - warmup);
      byte[] entry = driver.<Bytes, byte[]>getKeyValueStore(TrackerTopology.ACQUISITIONS_STORE)
          .get(Bytes.wrap("bench".getBytes(StandardCharsets.UTF_8)));
      return new double[] {ms, entry.length};
    }
  }

  private static Mask mask(int side, long frame, int[] labels) {
    ByteBuffer instances = ByteBuffer.allocate(2 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
    byte[] classes = new byte[labels.length];
    int count = 0;
    for (int i = 0; i < labels.length; i++) {
      instances.putShort((short) labels[i]);
      classes[i] = (byte) (labels[i] == 0 ? 0 : 1);
      count = Math.max(count, labels[i]);
    }
    Instant at = Instant.parse("2026-12-02T00:00:00Z").plusSeconds(frame);
    return Mask.newBuilder().setAcquisitionId("bench").setFrameIndex(frame).setWidth(side).setHeight(side)
        .setClassLabels(ByteBuffer.wrap(classes)).setForeground(ByteBuffer.wrap(classes)).setInstanceCount(count)
        .setInstances(instances.flip()).setModelId("bench").setModelSha256("00").setGeometryId("unet-d4/in572/m92")
        .setTileCount(1).setCapturedAt(at).setTiledAt(at).setFirstScoredAt(at).setLastScoredAt(at).setStitchedAt(at)
        .build();
  }

  private static ObjectTable objects(int side, long frame, int[] labels) {
    int count = 0;
    for (int l : labels) {
      count = Math.max(count, l);
    }
    int[] area = new int[count + 1];
    for (int l : labels) {
      area[l]++;
    }
    List<Cell> cells = new ArrayList<>();
    for (int l = 1; l <= count; l++) {
      cells.add(new Cell(l, area[l], 0.0, 0.0, new Region(0, 0, 1, 1), 1f));
    }
    return ObjectTable.newBuilder().setAcquisitionId("bench").setFrameIndex(frame).setWidth(side).setHeight(side)
        .setModelId("bench").setCapturedAt(Instant.parse("2026-12-02T00:00:00Z").plusSeconds(frame)).setCells(cells)
        .build();
  }

  private static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }
}
