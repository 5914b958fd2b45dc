package dev.tessera.cli;

import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.ingest.publish.PublishedFrame;
import dev.tessera.imaging.io.ImageReadException;
import dev.tessera.imaging.io.ImageStack;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera ingest}: publishes image files as frames of one acquisition (every page of a
 * TIFF stack a frame), with a progress bar. Each file is checked from its headers before its first
 * frame is sent, so an unsupported file publishes nothing.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Publish TIFF/PNG files (stacks: one frame per page) to the frames topic.")
final class IngestCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Image files, published in the order given.")
  List<Path> files;

  @Option(names = "--acquisition", required = true, paramLabel = "ID", description = "Acquisition id (the record key).")
  String acquisition;

  @Option(names = "--first-frame", defaultValue = "0", paramLabel = "N",
      description = "Index of the first frame (default: ${DEFAULT-VALUE}).")
  long firstFrame;

  @Override
  public Integer call() throws ImageReadException {
    Topics topics = Topics.withPrefix(broker.topicPrefix());
    long next = firstFrame;
    try (BrokerOptions.Kafka kafka = broker.open()) {
      TopicAdmin.ensureTopics(kafka.settings(), TopicSettings.defaults(topics));
      try (FramePublisher publisher = FramePublisher.connect(kafka.settings(), topics, Map.of())) {
        for (Path file : files) {
          try (ImageStack stack = ImageStack.open(file);
              ProgressBar bar = new ProgressBarBuilder().setTaskName(file.getFileName().toString())
                  .setInitialMax(stack.pageCount()).setStyle(ProgressBarStyle.ASCII).setUnit(" frames", 1).build()) {
            List<PublishedFrame> sent = publisher.publishStack(acquisition, next, stack, Instant.now(),
                Map.of(FramePublisher.FILE_ATTRIBUTE, file.getFileName().toString()),
                (frame, done, total) -> bar.stepTo(done));
            next += stack.pageCount();
            PublishedFrame last = sent.get(sent.size() - 1);
            bar.setExtraMessage(" -> " + last.topic() + "-" + last.partition() + " @" + last.offset());
          }
        }
      }
    }
    System.out.println("Published frames " + firstFrame + ".." + (next - 1) + " of " + acquisition + " to "
        + topics.frames().name());
    return Tessera.EXIT_OK;
  }
}
