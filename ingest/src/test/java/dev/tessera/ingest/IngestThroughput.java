package dev.tessera.ingest;

import dev.tessera.imaging.testing.TestImages;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.ingest.publish.PublishProgress;
import dev.tessera.imaging.io.ImageStack;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * A benchmark command, not a test: how fast ingest decodes and publishes 2048x2048 UINT16 stacks
 * (8 MiB frames) on this machine, to an in-JVM broker. Prints a Markdown table and saves it with a
 * JSON copy under {@code target/}. Run it as the README says.
 */
public final class IngestThroughput {

  private static final int SIZE = 2048;
  private static final int PAGES = 8;
  private static final int ROUNDS = 3;

  private IngestThroughput() {}

  public static void main(String[] args) throws Exception {
    QuietKafka.apply();
    List<BufferedImage> pages = new ArrayList<>();
    for (int p = 0; p < PAGES; p++) {
      int page = p;
      pages.add(TestImages.grey16(SIZE, SIZE, (x, y) -> (x * 7 + y * 13 + page * 1000) & 0xFFFF));
    }
    Map<String, byte[]> files = Map.of("uncompressed", TestImages.tiff("None", Map.of(), pages),
        "LZW", TestImages.tiff("LZW", Map.of(), pages), "Deflate", TestImages.tiff("Deflate", Map.of(), pages));
    StringBuilder md = new StringBuilder("| measurement | MiB/s | frames/s |\n|---|---|---|\n");
    StringBuilder json = new StringBuilder("{\"frame\":\"2048x2048 UINT16\",\"pagesPerStack\":" + PAGES + ",\"results\":{");
    double frameMiB = SIZE * SIZE * 2 / 1048576.0;
    for (String name : List.of("uncompressed", "LZW", "Deflate")) {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long t0 = System.nanoTime();
        try (ImageStack stack = ImageStack.open(files.get(name), name)) {
          for (int p = 0; p < stack.pageCount(); p++) {
            stack.read(p);
          }
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      row(md, json, "decode " + name + " TIFF (best of " + ROUNDS + ")", PAGES * frameMiB / best, PAGES / best);
    }
    Path file = Files.createTempFile("throughput", ".tif");
    Files.write(file, files.get("uncompressed"));
    Topics topics = Topics.withPrefix("bench.");
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleBroker()) {
      try (Admin admin = kafka.admin()) {
        TopicAdmin.ensureTopics(admin, TopicSettings.defaults(topics), KafkaLimits.defaults());
      }
      try (FramePublisher publisher = FramePublisher.connect(KafkaSettings.plaintext(kafka.bootstrapServers()), topics, Map.of())) {
        double best = Double.MAX_VALUE;
        long next = 0;
        for (int round = 0; round < ROUNDS + 1; round++) { // round 0 warms the producer and broker up
          long t0 = System.nanoTime();
          try (ImageStack stack = ImageStack.open(file)) {
            publisher.publishStack("bench", next, stack, Instant.now(), Map.of(), PublishProgress.NONE);
          }
          next += PAGES;
          if (round > 0) {
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
          }
        }
        row(md, json, "read file + publish, acks=all, in-JVM broker (best of " + ROUNDS + ")", PAGES * frameMiB / best,
            PAGES / best);
      }
    } finally {
      Files.deleteIfExists(file);
    }
    json.setLength(json.length() - 1);
    json.append("}}\n");
    System.out.print(md);
    Path out = Path.of("target");
    Files.createDirectories(out);
    Files.writeString(out.resolve("ingest-throughput.md"), md.toString());
    Files.writeString(out.resolve("ingest-throughput.json"), json.toString());
    System.out.println("Saved " + out.resolve("ingest-throughput.md").toAbsolutePath() + " and .json");
  }

  private static void row(StringBuilder md, StringBuilder json, String what, double mibPerSecond, double framesPerSecond) {
    md.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f |%n", what, mibPerSecond, framesPerSecond));
    json.append(String.format(Locale.ROOT, "\"%s\":{\"mibPerSecond\":%.1f,\"framesPerSecond\":%.2f},", what,
        mibPerSecond, framesPerSecond));
  }
}
