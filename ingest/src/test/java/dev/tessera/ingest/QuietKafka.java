package dev.tessera.ingest;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns the embedded broker's and Kafka clients' INFO chatter down to WARNING in integration tests. */
public final class QuietKafka {

  // Strong references: java.util.logging forgets the level of a logger nobody holds.
  private static final List<Logger> LOGGERS = List.of(Logger.getLogger("org.apache.kafka"),
      Logger.getLogger("kafka"), Logger.getLogger("state.change.logger"));

  private QuietKafka() {}

  public static void apply() {
    LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
  }
}
