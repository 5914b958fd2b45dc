package dev.tessera.cli;

import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.testkit.EmbeddedKafka;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera broker}: runs the embedded KRaft broker in the foreground with Tessera's topics,
 * so the Quarkus services or a second launcher can use it as {@code --bootstrap-servers}.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a real Kafka broker (KRaft) in this process with Tessera's topics, until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  /** Where Kafka clients expect a broker by default. */
  static final int DEFAULT_PORT = 9092;

  @Mixin BrokerOptions broker;

  @Option(names = "--port", defaultValue = "" + DEFAULT_PORT, paramLabel = "PORT",
      description = "Listen on localhost:PORT (default: ${DEFAULT-VALUE}, as the services' default"
          + " tessera.kafka.bootstrap-servers; 0 = a free port, printed at start).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    if (broker.bootstrapServers != null) {
      System.err.println("tessera broker starts its own broker; --bootstrap-servers makes no sense here");
      return Tessera.EXIT_USAGE;
    }
    try (EmbeddedKafka kafka = broker.localBroker().port(port).start()) {
      Topics topics = Topics.withPrefix(broker.topicPrefix());
      List<String> created = TopicAdmin.ensureTopics(KafkaSettings.plaintext(kafka.bootstrapServers()),
          TopicSettings.defaults(topics));
      System.out.println("Kafka broker (KRaft) ready at " + kafka.bootstrapServers()
          + "; log in " + broker.dataDir().resolve("kafka").toAbsolutePath());
      System.out.println("Topics: " + topics.all() + (created.isEmpty() ? "" : " (created " + created + ")"));
      System.out.println("Stop with Ctrl-C.");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return Tessera.EXIT_OK;
  }

}
