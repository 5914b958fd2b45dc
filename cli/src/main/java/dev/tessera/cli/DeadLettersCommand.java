package dev.tessera.cli;

import com.google.gson.JsonObject;
import dev.tessera.cli.local.KeyScan;
import dev.tessera.records.DeadLetter;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Topic;
import dev.tessera.schemas.Topics;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tessera dead-letters}: the records the stages rejected, as retained and committed on the
 * dead-letter topic now, one line each (text, or JSON Lines for tools), optionally of one
 * acquisition, some error types or one stage.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
    description = {"List the dead letters on the dead-letters topic, as far as they are retained and committed now"
        + " (it does not wait for new ones): when, which stage, the error type, the record's key and source"
        + " topic-partition@offset, the reason, and where the rejected value is (copied into the dead letter, or"
        + " its topic-partition@offset when it was too large to copy). The error types are catalogued in"
        + " schemas/README.md.",
        "Exit code 0 also when there are none; 1 when the topic or the cluster cannot be read."})
final class DeadLettersCommand implements Callable<Integer> {

  /** {@code failedAt} in UTC to the millisecond, as the record keeps it. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Mixin BrokerOptions broker;

  @Option(names = "--acquisition", paramLabel = "ID",
      description = "Only this acquisition's: the key ID and the keys of its frames and tiles (ID/frame,"
          + " ID/frame/tile).")
  String acquisition;

  @Option(names = "--type", paramLabel = "CODE",
      description = "Only this error type, e.g. missing-frames (repeat the option for several).")
  List<String> types = List.of();

  @Option(names = "--stage", paramLabel = "NAME", description = "Only this stage's: ingest, tiler, inference,"
      + " stitcher or tracker.")
  String stage;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "text: a line per dead letter and a count by type on stderr; json: a JSON object per line"
          + " (JSON Lines) with the dead letter's fields but the copied value (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(), "--format must be text or json, not " + format);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    types.stream().filter(t -> Arrays.stream(DeadLetterError.values()).noneMatch(e -> e.code().equals(t)))
        .forEach(t -> err.println("tessera: --type " + t + " is not an error type of this release (schemas/README.md"
            + " lists them); only dead letters written by another release can match it"));
    Topic<String, DeadLetter> topic = Topics.withPrefix(broker.topicPrefix()).deadLetters();
    Predicate<String> keys = acquisition == null ? key -> true
        : key -> key != null && (key.equals(acquisition) || key.startsWith(acquisition + "/"));
    Deserializer<DeadLetter> values = topic.valueSerde().deserializer();
    Map<String, Integer> byType = new HashMap<>();
    try (BrokerOptions.Kafka kafka = broker.open();
        KeyScan records = KeyScan.matching(kafka.settings(), List.of(topic.name()), keys, 500)) {
      while (records.hasNext()) {
        ConsumerRecord<String, byte[]> r = records.next();
        DeadLetter letter;
        try {
          letter = values.deserialize(r.topic(), r.value());
        } catch (SerializationException e) {
          throw new IllegalStateException(r.topic() + "-" + r.partition() + "@" + r.offset() + " is not a dead letter",
              e);
        }
        if ((types.isEmpty() || types.contains(letter.getErrorType()))
            && (stage == null || stage.equals(letter.getStage()))) {
          byType.merge(letter.getErrorType(), 1, Integer::sum);
          out.println(format.equals("json") ? json(letter) : text(letter));
        }
      }
    }
    int count = byType.values().stream().mapToInt(Integer::intValue).sum();
    if (count == 0) {
      err.println("tessera: no dead letters" + filters() + " on " + topic.name());
    } else if (format.equals("text")) {
      err.println(count + (count == 1 ? " dead letter" : " dead letters") + " (by type: " + counts(byType) + ")");
    }
    return Tessera.EXIT_OK;
  }

  /** {@code code=n, ...}, the most frequent first, equal counts by code. */
  private static String counts(Map<String, Integer> byType) {
    return byType.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }

  /**
   * {@code failedAt stage errorType key source reason [original]}: five columns without spaces
   * ({@code -} for an absent key or source), then the reason and where the rejected value is.
   */
  private static String text(DeadLetter d) {
    return TIME.format(d.getFailedAt()) + " " + d.getStage() + " " + d.getErrorType() + " "
        + (d.getKey() == null ? "-" : d.getKey()) + " " + source(d) + " " + d.getReason() + " [" + original(d) + "]";
  }

  /** The dead letter's fields as one JSON object, {@code failedAt} as in text, the copied value as a flag. */
  private static String json(DeadLetter d) {
    JsonObject o = new JsonObject();
    o.addProperty("failedAt", TIME.format(d.getFailedAt()));
    o.addProperty("stage", d.getStage());
    o.addProperty("errorType", d.getErrorType());
    o.addProperty("key", d.getKey());
    o.addProperty("sourceTopic", d.getSourceTopic());
    o.addProperty("sourcePartition", d.getSourcePartition());
    o.addProperty("sourceOffset", d.getSourceOffset());
    o.addProperty("reason", d.getReason());
    o.addProperty("originalSize", d.getOriginalSize());
    o.addProperty("originalCopied", d.getOriginal() != null);
    o.addProperty("originalReference", d.getOriginalReference());
    return o.toString();
  }

  private static String source(DeadLetter d) {
    return d.getSourceTopic() == null ? "-" : d.getSourceTopic() + "-" + d.getSourcePartition() + "@"
        + d.getSourceOffset();
  }

  private static String original(DeadLetter d) {
    if (d.getOriginal() != null) {
      return "original: " + d.getOriginalSize() + " bytes, copied";
    }
    if (d.getOriginalReference() != null) {
      return "original: " + d.getOriginalSize() + " bytes at " + d.getOriginalReference();
    }
    return d.getOriginalSize() < 0 ? "no original" : "original: " + d.getOriginalSize() + " bytes, not kept";
  }

  private String filters() {
    return (acquisition == null ? "" : " of acquisition " + acquisition)
        + (types.isEmpty() ? "" : " of type " + String.join(" or ", types))
        + (stage == null ? "" : " from stage " + stage);
  }
}
