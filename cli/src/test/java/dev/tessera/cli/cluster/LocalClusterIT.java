package dev.tessera.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.CommandRun;
import dev.tessera.cli.Tessera;
import dev.tessera.records.Mask;
import dev.tessera.records.Track;
import dev.tessera.records.TrackEvent;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topic;
import dev.tessera.schemas.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera up} and {@code tessera down} as an operator runs them: a broker and the five packaged
 * services as separate JVMs, a frame through the ingest endpoint to a mask and its tracks, then
 * everything stopped.
 */
@Tag("integration")
class LocalClusterIT {

  @TempDir
  Path data;

  private String previousHome;
  /** broker, ingest, tiler, stitcher, inference, tracker. */
  private final int[] ports = new int[6];

  @BeforeEach
  void pointAtTheRepository() throws IOException {
    Assumptions.assumeTrue(Files.exists(ServiceLaunch.jarOf(Path.of(".."), "ingest")), "the packaged services are"
        + " missing (" + ServiceLaunch.jarOf(Path.of(".."), "ingest") + "): run the whole reactor, ./mvnw -B verify");
    previousHome = System.getProperty("tessera.home");
    System.setProperty("tessera.home", "..");
    for (int i = 0; i < ports.length; i++) {
      try (ServerSocket s = new ServerSocket(0)) {
        ports[i] = s.getLocalPort();
      }
    }
  }

  @AfterEach
  void stopWhateverIsLeft() throws Exception {
    CommandRun.of("down", "--data-dir", data.toString());
    if (previousHome == null) {
      System.clearProperty("tessera.home");
    } else {
      System.setProperty("tessera.home", previousHome);
    }
  }

  @Test
  void upStartsABrokerAndTheFiveServicesThatSegmentAndTrackAnUploadAndDownStopsThem() throws Exception {
    CommandRun up = up();
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(up.out()).contains("Tessera is up").contains("localhost:" + ports[0] + " (Kafka)")
        .contains("http://localhost:" + ports[1] + "/acquisitions/{id}/frames")
        .contains("http://localhost:" + ports[5] + "/q/health/ready");
    List<Long> pids = new ArrayList<>();
    for (String member : List.of("broker", "ingest", "tiler", "stitcher", "inference", "tracker")) {
      Path pidFile = data.resolve("cluster").resolve(member + ".pid");
      long pid = Long.parseLong(Files.readString(pidFile).trim().split("\\s+")[0]);
      assertThat(ProcessHandle.of(pid)).as(member).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
      assertThat(up.out()).containsPattern("(?m)^" + member + " +" + pid + " ");
      assertThat(data.resolve("logs").resolve(member + ".log")).isNotEmptyFile();
      pids.add(pid);
    }
    for (int i = 1; i < ports.length; i++) {
      assertThat(ServiceLaunch.notReady(ports[i])).as("port " + ports[i]).isEmpty();
    }

    HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + ports[1] + "/acquisitions/up-it/frames"))
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png(300, 200))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
    Topics topics = Topics.withPrefix("tessera.");
    Mask mask = readOne(topics.masks());
    assertThat(mask.getAcquisitionId()).isEqualTo("up-it");
    assertThat(mask.getFrameIndex()).isZero();
    assertThat(mask.getWidth()).isEqualTo(300);
    assertThat(mask.getHeight()).isEqualTo(200);
    // The tracker pairs the mask with its object table: the first frame starts one track per cell.
    Track track = readOne(topics.tracks());
    assertThat(track.getAcquisitionId()).isEqualTo("up-it");
    assertThat(track.getFrameIndex()).isZero();
    assertThat(track.getModelSha256()).isEqualTo(mask.getModelSha256());
    assertThat(track.getCells()).hasSize(mask.getInstanceCount()).allSatisfy(c -> {
      assertThat(c.getEvent()).isEqualTo(TrackEvent.START);
      assertThat(c.getTrackId()).isEqualTo(c.getLabel());
      assertThat(c.getParentTrackId()).isZero();
    });
    assertThat(track.getDivisions()).isEmpty();
    assertThat(track.getEnded()).isEmpty();

    CommandRun again = up();
    assertThat(again.exit()).isEqualTo(Tessera.EXIT_FAILED);
    assertThat(again.err()).contains("already (partly) up").contains("broker (pid " + pids.get(0) + ")");

    // SIGTERM: the tiler's readiness answers DOWN (quarkus.shutdown.delay) before its port closes.
    ProcessHandle tiler = ProcessHandle.of(pids.get(2)).orElseThrow();
    tiler.destroy();
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (tiler.isAlive() && System.nanoTime() < deadline) {
      String state = ServiceLaunch.notReady(ports[2]).map(why -> why.startsWith("503") ? "DOWN" : "closed")
          .orElse("UP");
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
        seen.add(state);
      }
      Thread.sleep(100);
    }
    assertThat(tiler.isAlive()).isFalse();
    System.out.println("readiness of the tiler after SIGTERM, every 100 ms: " + seen);
    // The probe just before the signal took may still see UP; the port may close just before the process ends.
    List<String> afterSignal = seen.get(0).equals("UP") ? seen.subList(1, seen.size()) : seen;
    assertThat(afterSignal).as("readiness of the tiler after SIGTERM: %s", seen).isNotEmpty().startsWith("DOWN")
        .doesNotContain("UP");

    CommandRun down = CommandRun.of("down", "--data-dir", data.toString());
    assertThat(down.exit()).isZero();
    assertThat(down.out()).contains("stopped [inference, stitcher, tracker, ingest, broker]");
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
    }
    try (var files = Files.list(data.resolve("cluster"))) {
      assertThat(files).isEmpty();
    }
    assertThat(CommandRun.of("down", "--data-dir", data.toString()).out()).contains("was running");
  }

  @Test
  void aPortInUseStopsUpBeforeAnythingStartsAndNamesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(ports[3])) {
      CommandRun up = up();
      assertThat(up.exit()).isEqualTo(Tessera.EXIT_FAILED);
      assertThat(up.err()).contains("port " + ports[3] + " of the stitcher is in use").contains("--stitcher-port");
    }
    assertThat(data.resolve("cluster")).doesNotExist();
  }

  private CommandRun up() {
    return CommandRun.of("up", "--data-dir", data.toString(), "--broker-port", "" + ports[0], "--ingest-port", "" + ports[1],
        "--tiler-port", "" + ports[2], "--stitcher-port", "" + ports[3], "--inference-port", "" + ports[4],
        "--tracker-port", "" + ports[5], "--heap", "512m", "--timeout", "240");
  }

  /** The first record of {@code topic}, read as committed. */
  private <V> V readOne(Topic<String, V> topic) {
    Map<String, Object> props = new HashMap<>(KafkaSettings.plaintext("localhost:" + ports[0]).consumer());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "local-cluster-it-" + topic.name());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          return topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
        }
      }
    }
    throw new AssertionError("nothing on " + topic.name() + " within 120 s");
  }

  private static byte[] png(int width, int height) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.getRaster().setSample(x, y, 0, (x * 7 + y * 3) % 256);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    return bytes.toByteArray();
  }
}
