package dev.tessera.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.CommandRun;
import dev.tessera.cli.WholeFrameReference;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.inference.worker.Tta;
import dev.tessera.inference.worker.WorkerListener;
import dev.tessera.records.Frame;
import dev.tessera.records.Mask;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.topology.StitcherSettings;
import dev.tessera.tracker.topology.TrackerSettings;
import dev.tessera.imaging.tracking.Linker;
import dev.tessera.cli.output.MaskWriter;
import dev.tessera.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo path in one JVM on a real broker: a small synthetic acquisition through tiler,
 * inference worker and stitcher with the committed demo model, then every output checked.
 */
@Tag("integration")
class DemoPipelineIT {

  private static final Path DEMO_MODEL = Path.of("../models/demo/model.onnx");
  private static final int FRAMES = 3;
  private static final int SIDE = 300; // not a multiple of the tile stride: the last tiles reach into the mirror
  private static final int MAX_INPUT = 380; // forces several tiles per frame

  @Test
  void everyFrameComesBackAsAMaskEqualToWholeFrameInferenceWithItsObjectTable(@TempDir Path tmp) throws Exception {
    Topics topics = Topics.withPrefix("demo-it.");
    List<Frame> frames = Acquisitions.synthetic("it-acq", SIDE, SIDE, FRAMES, 11);
    Path out = tmp.resolve("out");
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleBroker();
        LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Options(
            KafkaSettings.plaintext(kafka.bootstrapServers()), topics, DEMO_MODEL, ModelOptions.cpu(), 1, MAX_INPUT,
            StitcherSettings.defaults(), tmp.resolve("state"), Tta.NONE, Optional.of(TrackerSettings.defaults())),
            WorkerListener.NONE)) {
      Summary summary = AcquisitionRun.run(
          new AcquisitionRun.Options(KafkaSettings.plaintext(kafka.bootstrapServers()), topics, out,
              Duration.ofSeconds(90), false, true),
          frames, pipeline.model().modelId(), pipeline.model().device());

      assertThat(summary.frames()).isEqualTo(FRAMES);
      assertThat(summary.masks()).isEqualTo(FRAMES);
      assertThat(summary.deadLetters()).isZero();
      assertThat(summary.tiles()).isEqualTo(FRAMES * 4L); // cheapest plan up to 380: input 348, stride 160, 2x2 tiles
      for (int i = 0; i < FRAMES; i++) {
        String name = String.format("%06d", i);
        assertThat(out.resolve("masks/" + name + ".tif")).isNotEmptyFile();
        assertThat(out.resolve("overlays/" + name + ".png")).isNotEmptyFile();
      }
      // Tracks in the Cell Tracking Challenge's format: a mask per frame, one L B E P line per track,
      // parents that ended before their daughters began.
      for (int i = 0; i < FRAMES; i++) {
        assertThat(out.resolve(String.format("ctc/mask%03d.tif", i))).isNotEmptyFile();
      }
      java.util.Map<Long, long[]> tracks = new java.util.HashMap<>();
      for (String line : Files.readAllLines(out.resolve("ctc/res_track.txt"))) {
        long[] f = java.util.Arrays.stream(line.split(" ")).mapToLong(Long::parseLong).toArray();
        assertThat(f).hasSize(4);
        assertThat(f[1]).isBetween(0L, f[2]);
        assertThat(f[2]).isLessThan(FRAMES);
        tracks.put(f[0], f);
      }
      assertThat(tracks).isNotEmpty();
      tracks.values().stream().filter(f -> f[3] != 0).forEach(f -> {
        assertThat(tracks).containsKey(f[3]);
        assertThat(tracks.get(f[3])[2]).isLessThan(f[1]);
      });
      List<String> csv = Files.readAllLines(out.resolve("objects.csv"));
      assertThat(csv.size() - 1).isEqualTo((int) summary.cells());
      assertThat(summary.cells()).isPositive();

      List<Mask> masks = readMasks(kafka.bootstrapServers(), topics);
      assertThat(masks).hasSize(FRAMES);
      UNetModel model = pipeline.model();
      for (Mask mask : masks) {
        assertThat(WholeFrameReference.difference(mask, frames.get((int) mask.getFrameIndex()), model))
            .as("mask of frame %d against whole-frame inference", mask.getFrameIndex()).isNull();
      }
      // The tracker stage's tracks are the linker's over the very masks the stitcher published.
      Linker linker = new Linker(Linker.Options.DEFAULTS);
      masks.stream().sorted(java.util.Comparator.comparing(Mask::getFrameIndex))
          .forEach(m -> linker.next(m.getFrameIndex(), MaskWriter.instances(m)));
      assertThat(Files.readAllLines(out.resolve("ctc/res_track.txt"))).containsExactlyElementsOf(
          linker.tracks().stream().map(t -> t.id() + " " + t.begin() + " " + t.end() + " " + t.parent()).toList());

      // tessera tracks writes the same files from the topics, as for a cluster's tracker service
      Path again = tmp.resolve("tracks");
      CommandRun fromTopics = CommandRun.of("tracks", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix",
          topics.prefix(), "--acquisition", "it-acq", "--out", again.toString());
      assertThat(fromTopics.exit()).as(fromTopics.err()).isZero();
      assertThat(fromTopics.out()).contains("Tracks of it-acq: " + FRAMES + " frames (" + FRAMES + " masks, " + FRAMES
          + " track records)");
      for (String file : List.of("res_track.txt", "mask000.tif", String.format("mask%03d.tif", FRAMES - 1))) {
        assertThat(again.resolve(file)).as(file).hasSameBinaryContentAs(out.resolve("ctc").resolve(file));
      }
      CommandRun unknown = CommandRun.of("tracks", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix",
          topics.prefix(), "--acquisition", "no-such-acq", "--out", tmp.resolve("none").toString());
      assertThat(unknown.exit()).isEqualTo(1);
      assertThat(unknown.err()).contains("no tracks of acquisition no-such-acq on demo-it.tracks");
    }
  }

  /**
   * The mask equals one pass of the model over the mirrored whole frame, normalized as the tiler
   * does: class labels pixel for pixel (except where both classes are within 1e-4 of a tie, where
   * float rounding of different tile sizes may decide either way), foreground within one step.
   */

  private static List<Mask> readMasks(String bootstrap, Topics topics) {
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "demo-it-reader");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.masks().name()));
      List<Mask> masks = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (masks.size() < FRAMES && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          masks.add(topics.masks().valueSerde().deserializer().deserialize(r.topic(), r.value()));
        }
      }
      return masks;
    }
  }

}
