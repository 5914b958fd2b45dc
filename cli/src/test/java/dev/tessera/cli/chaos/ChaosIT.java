package dev.tessera.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.WholeFrameReference;
import dev.tessera.cli.local.Acquisitions;
import dev.tessera.cli.output.MaskWriter;
import dev.tessera.imaging.tracking.Linker;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.records.Track;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost under faults, with the stages as separate processes: the tiler, one inference
 * worker, the stitcher and the tracker run as their own JVMs (the packaged Quarkus jars, configured
 * as an operator would) on a 3-broker KRaft cluster (replication 3, min.insync.replicas 2), while
 * frames arrive at a steady rate and a schedule of faults hits them: {@code kill -9} of each stage
 * mid-stream, clean restarts, broker bounces. An independent checker then reads {@code masks}
 * with {@code read_committed} and counts frames sent, masks received, lost, duplicated, and masks
 * that differ from whole-frame inference of the same model on the same frame; and reads {@code
 * tracks}: one per frame whose mask came in order, none twice, each equal to the linker's over the
 * masks read.
 *
 * <p>The normal build runs the short schedule (one {@code kill -9} of each stage and one broker
 * bounce, 16 frames); {@code ./mvnw -B verify -Pchaos} runs the long one (system properties {@code
 * tessera.chaos.*}, see the cli pom). Both write {@code target/chaos/report.md}.
 */
@Tag("integration")
class ChaosIT {

  private static final Path MODEL = Path.of("..", "models", "demo", "model.onnx").toAbsolutePath();
  private static final Path OUT = Path.of("target", "chaos");

  private final int frames = Integer.getInteger("tessera.chaos.frames", 16);
  private final int largeEvery = Integer.getInteger("tessera.chaos.large-every", 0);
  private final String schedule = System.getProperty("tessera.chaos.schedule", "short");
  private final long intervalMillis = Long.getLong("tessera.chaos.interval-ms", 700);

  private record Fault(String what, Duration recovery) {}

  @Test
  void everyFrameComesBackAsExactlyOneMaskEqualToWholeFrameInferenceThroughKillsAndBrokerBounces()
      throws Exception {
    for (String module : List.of("tiler", "inference", "stitcher", "tracker")) {
      Assumptions.assumeTrue(Files.exists(ServiceProcess.jarOf(module)), "the packaged " + module
          + " service is missing (" + ServiceProcess.jarOf(module) + "): run the whole reactor, ./mvnw -B verify");
    }
    String run = Long.toString(System.currentTimeMillis(), 36);
    Topics topics = Topics.withPrefix("chaos-" + run + ".");
    List<Frame> sent = frames(run);
    List<Fault> faults = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokers(3).start()) {
      KafkaSettings client = KafkaSettings.plaintext(kafka.bootstrapServers());
      TopicAdmin.ensureTopics(client, TopicSettings.defaults(topics, Optional.of((short) 3), Optional.of(2)));
      Map<String, String> common = new LinkedHashMap<>();
      common.put("tessera.kafka.bootstrap-servers", kafka.bootstrapServers());
      common.put("tessera.topics.prefix", topics.prefix());
      // a killed member leaves its group after this, not after the default 45 s
      common.put("tessera.kafka.client.\"session.timeout.ms\"", "10000");
      Path state = Files.createTempDirectory("tessera-chaos-");
      ServiceProcess tiler = new ServiceProcess("tiler", ServiceProcess.jarOf("tiler"), with(common,
          "tessera.tiler.model-path", MODEL.toString(), "tessera.tiler.application-id", "chaos-tiler-" + run,
          "tessera.kafka.streams.\"state.dir\"", state.resolve("tiler").toString()), OUT);
      ServiceProcess worker = new ServiceProcess("inference", ServiceProcess.jarOf("inference"), with(common,
          "tessera.inference.model-path", MODEL.toString(), "tessera.inference.transactional-id", "chaos-worker-" + run,
          "tessera.inference.group-id", "chaos-workers-" + run, "tessera.inference.intra-op-threads", "1"), OUT);
      ServiceProcess stitcher = new ServiceProcess("stitcher", ServiceProcess.jarOf("stitcher"), with(common,
          "tessera.stitcher.application-id", "chaos-stitcher-" + run,
          "tessera.stitcher.frame-timeout", System.getProperty("tessera.chaos.frame-timeout", "2m"),
          "tessera.kafka.streams.\"state.dir\"", state.resolve("stitcher").toString()), OUT);
      ServiceProcess tracker = new ServiceProcess("tracker", ServiceProcess.jarOf("tracker"), with(common,
          "tessera.tracker.application-id", "chaos-tracker-" + run,
          "tessera.kafka.streams.\"state.dir\"", state.resolve("tracker").toString()), OUT);
      List<ServiceProcess> services = List.of(tiler, worker, stitcher, tracker);
      try (tiler; worker; stitcher; tracker) {
        for (ServiceProcess s : services) {
          s.start();
        }
        for (ServiceProcess s : services) {
          s.awaitReady(Duration.ofMinutes(3));
        }
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> publish(client, topics, sent, published), "chaos-publisher");
        long t0 = System.nanoTime();
        publisher.start();
        for (Step step : schedule(tiler, worker, stitcher, tracker, kafka)) {
          while (published.get() < step.afterFrames() && publisher.isAlive()) {
            Thread.sleep(50);
          }
          long start = System.nanoTime();
          step.action().run();
          faults.add(new Fault(step.what(), Duration.ofNanos(System.nanoTime() - start)));
        }
        publisher.join();
        Map<Long, Integer> masksPerFrame = new TreeMap<>();
        Set<Long> late = new TreeSet<>();
        List<Mask> masks = readMasks(client, topics, sent.size(), Duration.ofMinutes(5), masksPerFrame, late);
        Map<Long, List<Track>> tracks = readTracks(client, topics, masksPerFrame.size() - late.size(),
            Duration.ofMinutes(3));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Report report = check(sent, masks, masksPerFrame);
        TrackReport trackReport = checkTracks(masks, late, tracks);
        write(report, trackReport, faults, seconds);

        assertThat(faults).hasSizeGreaterThanOrEqualTo(4);
        assertThat(report.lost()).as("frames without a mask").isEmpty();
        assertThat(report.duplicated()).as("frames with more than one mask").isEmpty();
        assertThat(report.different()).as("masks that differ from whole-frame inference").isEmpty();
        assertThat(trackReport.lost()).as("in-order frames without tracks").isEmpty();
        assertThat(trackReport.duplicated()).as("frames with tracks twice").isEmpty();
        assertThat(trackReport.different()).as("frames whose tracks differ from the linker's").isEmpty();
      }
    }
  }

  private record Step(int afterFrames, String what, ThrowingRunnable action) {}

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private List<Step> schedule(ServiceProcess tiler, ServiceProcess worker, ServiceProcess stitcher,
      ServiceProcess tracker, EmbeddedKafka kafka) {
    List<Step> steps = new ArrayList<>();
    int n = frames;
    steps.add(new Step(n / 8, "kill -9 of the inference worker, restart", () -> restart(worker, true)));
    steps.add(new Step(2 * n / 8, "kill -9 of the tiler, restart", () -> restart(tiler, true)));
    steps.add(new Step(3 * n / 8, "kill -9 of the stitcher, restart", () -> restart(stitcher, true)));
    steps.add(new Step(4 * n / 8, "broker 1 of 3 stopped and restarted", () -> bounce(kafka, 1)));
    steps.add(new Step(5 * n / 8, "kill -9 of the tracker, restart", () -> restart(tracker, true)));
    if (schedule.equals("long")) {
      steps.add(new Step(5 * n / 8, "kill -9 of the inference worker, restart", () -> restart(worker, true)));
      steps.add(new Step(5 * n / 8, "kill -9 of the tiler, restart", () -> restart(tiler, true)));
      steps.add(new Step(5 * n / 8, "kill -9 of the stitcher, restart", () -> restart(stitcher, true)));
      steps.add(new Step(5 * n / 8, "kill -9 of the tracker, restart", () -> restart(tracker, true)));
      steps.add(new Step(6 * n / 8, "clean restart (SIGTERM) of the tiler", () -> restart(tiler, false)));
      steps.add(new Step(6 * n / 8, "clean restart (SIGTERM) of the stitcher", () -> restart(stitcher, false)));
      steps.add(new Step(6 * n / 8, "clean restart (SIGTERM) of the tracker", () -> restart(tracker, false)));
      steps.add(new Step(6 * n / 8, "rolling restart of the three brokers", () -> {
        for (int b = 0; b < 3; b++) {
          bounce(kafka, b);
        }
      }));
      Duration outage = Duration.parse(System.getProperty("tessera.chaos.outage", "PT40S"));
      steps.add(new Step(7 * n / 8, "inference worker down for " + outage.toSeconds() + " s (longer than the"
          + " stitcher's frame timeout)", () -> {
        worker.kill();
        Thread.sleep(outage.toMillis());
        worker.start();
        worker.awaitReady(Duration.ofMinutes(3));
      }));
    }
    return steps;
  }

  private static void restart(ServiceProcess s, boolean kill9) throws Exception {
    if (kill9) {
      s.kill();
    } else {
      s.close();
    }
    s.start();
    s.awaitReady(Duration.ofMinutes(3));
  }

  private static void bounce(EmbeddedKafka kafka, int broker) throws InterruptedException {
    kafka.stopBroker(broker);
    Thread.sleep(2000);
    kafka.startBroker(broker);
  }

  private List<Frame> frames(String run) {
    List<Frame> small = Acquisitions.synthetic("chaos-" + run, 256, 256, frames, 5);
    if (largeEvery <= 0) {
      return small;
    }
    List<Frame> mixed = new ArrayList<>();
    List<Frame> large = Acquisitions.synthetic("chaos-" + run, 2048, 2048, frames / largeEvery + 1, 6);
    for (int i = 0; i < frames; i++) {
      mixed.add(i % largeEvery == largeEvery - 1 ? Frame.newBuilder(large.get(i / largeEvery)).setFrameIndex(i).build()
          : small.get(i));
    }
    return mixed;
  }

  private void publish(KafkaSettings client, Topics topics, List<Frame> frames, AtomicInteger published) {
    try (FramePublisher publisher = FramePublisher.connect(client, topics, Map.of())) {
      for (Frame f : frames) {
        publisher.publish(f, 0);
        published.incrementAndGet();
        Thread.sleep(intervalMillis);
      }
    } catch (Exception e) {
      throw new IllegalStateException("publishing failed after " + published.get() + " frames", e);
    }
  }

  /** The masks, counted per frame; {@code late} gets the frames published out of order. */
  private static List<Mask> readMasks(KafkaSettings client, Topics topics, int expected, Duration timeout,
      Map<Long, Integer> perFrame, Set<Long> late) {
    List<Mask> masks = new ArrayList<>();
    readCommitted(client, topics.masks().name(), timeout, () -> perFrame.size() >= expected, r -> {
      Mask m = topics.masks().valueSerde().deserializer().deserialize(r.topic(), r.value());
      masks.add(m);
      perFrame.merge(m.getFrameIndex(), 1, Integer::sum);
      if (r.headers().lastHeader("tessera.out-of-order") != null) {
        late.add(m.getFrameIndex());
      }
    });
    return masks;
  }

  /** Every Track record, per frame. */
  private static Map<Long, List<Track>> readTracks(KafkaSettings client, Topics topics, int expected,
      Duration timeout) {
    Map<Long, List<Track>> tracks = new TreeMap<>();
    readCommitted(client, topics.tracks().name(), timeout, () -> tracks.size() >= expected, r -> {
      Track t = topics.tracks().valueSerde().deserializer().deserialize(r.topic(), r.value());
      tracks.computeIfAbsent(t.getFrameIndex(), f -> new ArrayList<>()).add(t);
    });
    return tracks;
  }

  /**
   * Reads {@code topic} from its start with {@code read_committed}, each record to {@code each},
   * until {@code enough} holds and ten more seconds passed (to see duplicates), or {@code timeout}.
   */
  private static void readCommitted(KafkaSettings client, String topic, Duration timeout, BooleanSupplier enough,
      java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
    Map<String, Object> props = new HashMap<>(client.consumer());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-checker-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        consumer.poll(Duration.ofMillis(500)).forEach(each);
        if (enough.getAsBoolean() && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        }
      }
    }
  }

  private record TrackReport(int expected, int received, List<Long> lost, List<Long> duplicated,
      List<Long> different) {}

  /** The tracks against the linker run over the masks that came in order, in frame order. */
  private static TrackReport checkTracks(List<Mask> masks, Set<Long> late, Map<Long, List<Track>> tracks) {
    Linker linker = new Linker(Linker.Options.DEFAULTS);
    List<Long> lost = new ArrayList<>();
    List<Long> different = new ArrayList<>();
    List<Mask> inOrder = masks.stream().filter(m -> !late.contains(m.getFrameIndex()))
        .sorted(java.util.Comparator.comparingLong(Mask::getFrameIndex)).toList();
    long previous = -1;
    for (Mask m : inOrder) {
      if (m.getFrameIndex() == previous) {
        continue; // a duplicated mask is the masks' report's
      }
      previous = m.getFrameIndex();
      Map<Integer, Integer> expected = new TreeMap<>(linker.next(m.getFrameIndex(), MaskWriter.instances(m))
          .trackOfLabel());
      List<Track> got = tracks.get(m.getFrameIndex());
      if (got == null) {
        lost.add(m.getFrameIndex());
        continue;
      }
      Map<Integer, Integer> actual = new TreeMap<>();
      got.get(0).getCells().forEach(c -> actual.put(c.getLabel(), c.getTrackId()));
      if (!actual.equals(expected)) {
        different.add(m.getFrameIndex());
      }
    }
    List<Long> duplicated = tracks.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
        .toList();
    return new TrackReport(inOrder.size(), tracks.size(), lost, duplicated, different);
  }

  private record Report(int sent, int received, List<Long> lost, List<Long> duplicated, List<String> different) {}

  private static Report check(List<Frame> sent, List<Mask> masks, Map<Long, Integer> perFrame) throws IOException {
    List<Long> lost = new ArrayList<>();
    List<Long> duplicated = new ArrayList<>();
    for (Frame f : sent) {
      int n = perFrame.getOrDefault(f.getFrameIndex(), 0);
      if (n == 0) {
        lost.add(f.getFrameIndex());
      } else if (n > 1) {
        duplicated.add(f.getFrameIndex());
      }
    }
    List<String> different = new ArrayList<>();
    try (UNetModel model = UNetModel.load(MODEL, ModelOptions.cpu())) {
      for (Mask m : masks) {
        String d = WholeFrameReference.difference(m, sent.get((int) m.getFrameIndex()), model);
        if (d != null) {
          different.add(d);
        }
      }
    }
    return new Report(sent.size(), masks.size(), lost, duplicated, different);
  }

  private void write(Report r, TrackReport t, List<Fault> faults, double seconds) throws IOException {
    Files.createDirectories(OUT);
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "# Chaos run (%s schedule)%n%n", schedule));
    md.append(String.format(Locale.ROOT, "- frames sent: %d (%s), one every %d ms%n", r.sent(),
        largeEvery > 0 ? "256x256, every " + largeEvery + "th 2048x2048" : "256x256", intervalMillis));
    md.append(String.format(Locale.ROOT, "- masks received: %d; lost: %d %s; duplicated: %d %s%n", r.received(),
        r.lost().size(), r.lost(), r.duplicated().size(), r.duplicated()));
    md.append(String.format(Locale.ROOT, "- masks equal to whole-frame inference: %d of %d%n",
        r.received() - r.different().size(), r.received()));
    md.append(String.format(Locale.ROOT, "- frames with tracks: %d of the %d whose mask came in order; lost: %d %s;"
        + " duplicated: %d %s; different from the linker over the masks: %d %s%n", t.received(), t.expected(),
        t.lost().size(), t.lost(), t.duplicated().size(), t.duplicated(), t.different().size(), t.different()));
    md.append(String.format(Locale.ROOT, "- wall time: %.0f s%n%n| fault | back to ready after |%n|---|---:|%n",
        seconds));
    for (Fault f : faults) {
      md.append(String.format(Locale.ROOT, "| %s | %.1f s |%n", f.what(), f.recovery().toMillis() / 1000.0));
    }
    Files.writeString(OUT.resolve("report.md"), md.toString());
    System.out.println(md);
  }

  private static Map<String, String> with(Map<String, String> common, String... pairs) {
    Map<String, String> m = new LinkedHashMap<>(common);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
