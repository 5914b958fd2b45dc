package dev.tessera.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cli.local.AcquisitionRun;
import dev.tessera.cli.local.Acquisitions;
import dev.tessera.cli.local.LocalPipeline;
import dev.tessera.cli.local.Summary;
import dev.tessera.inference.worker.Tta;
import dev.tessera.inference.worker.WorkerListener;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.topology.StitcherSettings;
import dev.tessera.tracker.topology.TrackerSettings;
import dev.tessera.testkit.EmbeddedKafka;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera view} on a running local pipeline: the launcher's JDK HTTP server in front of the
 * stitcher's live view ({@code dev.tessera.stitcher.view}); its event stream, state and overlay as
 * a client reads them, and the page as headless Chromium renders it (where Debian's chromium is
 * installed). The stitcher service's {@code /view} is checked by its own StitcherServiceIT.
 */
@Tag("integration")
class LiveViewIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path tmp;

  @Test
  void showsEachAcquisitionsLatestOverlayCellsAndRateAsMasksArrive() throws Exception {
    Topics topics = Topics.withPrefix("view-it.");
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleBroker();
        LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Options(
            KafkaSettings.plaintext(kafka.bootstrapServers()), topics, Path.of("..", "models", "demo", "model.onnx"),
            ModelOptions.cpu(), 1, 380, StitcherSettings.defaults(), tmp.resolve("state"), Tta.NONE,
            java.util.Optional.of(TrackerSettings.defaults())),
            WorkerListener.NONE);
        LiveView view = new LiveView(KafkaSettings.plaintext(kafka.bootstrapServers()), topics, 0)) {
      String base = "http://localhost:" + view.port();
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/events")).build(),
          HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(events::add));

      Summary summary = AcquisitionRun.run(new AcquisitionRun.Options(KafkaSettings.plaintext(kafka.bootstrapServers()),
              topics, null, Duration.ofSeconds(90), false, false),
          Acquisitions.synthetic("live-1", 256, 256, 3, 5), "demo", "cpu");
      assertThat(summary.masks()).isEqualTo(3);

      String last = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((last == null || !last.contains("\"frame\": 2,") || last.contains("\"cells\": 0,")
          || last.contains("\"tracks\": 0,")) && System.nanoTime() < deadline) {
        String line = events.poll(1, TimeUnit.SECONDS);
        if (line != null && line.startsWith("data: ")) {
          last = line;
        }
      }
      assertThat(last).contains("\"acquisition\": \"live-1\"").contains("\"frame\": 2,")
          .contains("\"width\": 256").contains("\"model\": \"tessera-demo-unet-d4-w8\"").doesNotContain("\"cells\": 0,")
          .as("the tracker's records counted").doesNotContain("\"tracks\": 0,");

      String state = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/state")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(state).contains("\"acquisition\": \"live-1\"").contains("\"deadLetters\": 0");
      byte[] png = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/overlay?acquisition=live-1")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
      BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(overlay.getWidth()).isEqualTo(256);
      assertThat(overlay.getHeight()).isEqualTo(256);
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/overlay?acquisition=nope")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

      renderedByChromium(base);
    }
  }

  /** The page after its script ran, as headless Chromium sees it; skipped without Chromium. */
  private void renderedByChromium(String base) throws Exception {
    Path chromium = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser")).stream()
        .filter(Files::isExecutable).findFirst().orElse(null);
    if (chromium == null) {
      System.out.println("LiveViewIT: no chromium on this machine (Debian: apt-get install chromium); the page's"
          + " rendering was not checked");
      return;
    }
    // --dump-dom after the load event: the page renders the state it was served with synchronously.
    // (A virtual-time budget would never run out: the event stream keeps a request open.)
    Path dump = tmp.resolve("dom.html");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--dump-dom", base + "/").redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectOutput(dump.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    String dom = Files.readString(dump);
    assertThat(dom).contains("live-1").contains("<b class=\"frame\">2</b>").contains("src=\"/overlay?acquisition=live-1")
        .contains("<span class=\"model\">tessera-demo-unet-d4-w8</span>")
        .containsPattern("<span class=\"tracks-box\"> · <b class=\"tracks\">[1-9][0-9]*</b> tracks");
  }
}
