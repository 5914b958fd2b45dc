package dev.tessera.cli;

import dev.tessera.cli.local.FrameSource;
import dev.tessera.cli.local.RetainedFrames;
import dev.tessera.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera replay}: an acquisition still retained on the frames topic segmented again, with
 * another model or other post-processing, as a new acquisition {@code <id>.replay-<date-time>}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Segment a retained acquisition again from the frames topic, e.g. with a better model: its frames"
        + " are republished as <id>.replay-<date-time> (attribute tessera.replay-of=<id>), so the new masks carry the"
        + " new acquisition id, model id and sha256 while the old masks stay where they are.",
        "Frames are kept on the topic for its retention (7 days by default); the embedded broker keeps them in"
        + " --data-dir across runs. Against a cluster whose services also read the frames topic, give the replay its"
        + " own --topic-prefix and name the original one with --source-topic-prefix."})
final class ReplayCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;
  @Mixin PipelineOptions pipeline;

  @Option(names = "--acquisition", required = true, paramLabel = "ID", description = "The acquisition to segment again.")
  String acquisition;

  @Option(names = "--source-topic-prefix", paramLabel = "PREFIX",
      description = "Prefix of the topics the acquisition was published on (default: --topic-prefix).")
  String sourceTopicPrefix;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: .tessera/runs/<replay id>).")
  Path out;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "Give up when no result arrives for this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    String replayId = acquisition + ".replay-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Topics source = Topics.withPrefix(sourceTopicPrefix != null ? sourceTopicPrefix : broker.topicPrefix());
    Path outDir = out != null ? out : broker.dataDir().resolve("runs").resolve(replayId);
    try (BrokerOptions.Kafka kafka = broker.open()) {
      FrameSource frames = RetainedFrames.of(kafka.settings(), source, acquisition, replayId);
      System.out.println("Tessera: replaying " + frames.size() + " frames of " + acquisition + " from "
          + source.frames().name() + " as " + replayId + " with " + pipeline.model() + " -> " + outDir.toAbsolutePath());
      return DemoCommand.segment(broker, pipeline, kafka, frames, outDir, Duration.ofSeconds(timeoutSeconds), false);
    }
  }
}
