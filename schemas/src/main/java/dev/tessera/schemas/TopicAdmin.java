package dev.tessera.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up admin step: creates Tessera's topics that are missing and raises
 * {@code max.message.bytes} on existing ones that are below the configured record size. Running
 * it again, or from several services at once, changes nothing.
 */
public final class TopicAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
  private static final long TIMEOUT_SECONDS = 60;

  private TopicAdmin() {}

  /**
   * Ensures every topic in {@code settings} exists with Tessera's configs, through an admin client
   * made from {@code kafka} (so a secured cluster works as for every other client). This is the one
   * topic set-up of the services and the launcher.
   *
   * @return the names of the topics this call created
   * @throws IllegalStateException when the cluster cannot be reached or refuses, with the reason
   */
  public static List<String> ensureTopics(KafkaSettings kafka, Map<String, TopicSettings> settings) {
    Map<String, Object> config = new java.util.HashMap<>(kafka.admin());
    config.putIfAbsent(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    try (Admin admin = Admin.create(config)) {
      return ensureTopics(admin, settings, kafka.limits());
    }
  }

  /**
   * Ensures every topic in {@code settings} exists with Tessera's configs.
   *
   * @return the names of the topics this call created
   */
  public static List<String> ensureTopics(Admin admin, Map<String, TopicSettings> settings, KafkaLimits limits) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      settings.forEach((name, s) -> {
        if (!existing.contains(name)) {
          missing.add(s.newTopic(name, limits));
        }
      });
      List<String> created = create(admin, missing);
      List<String> present = settings.keySet().stream().filter(existing::contains).toList();
      raiseMessageLimit(admin, present, limits);
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("Cannot create Tessera's topics " + settings.keySet() + ": "
          + cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
    }
  }

  /**
   * Checks that {@code topics} have one partition count, as a Streams task that reads them
   * together needs (the records of one key meet on one task only then).
   *
   * @throws IllegalStateException naming each topic's partition count when they differ, or when
   *     the cluster cannot describe them
   */
  public static void requireCopartitioned(KafkaSettings kafka, Collection<String> topics) {
    Map<String, Object> config = new java.util.HashMap<>(kafka.admin());
    config.putIfAbsent(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    Map<String, Integer> partitions = new java.util.TreeMap<>();
    try (Admin admin = Admin.create(config)) {
      admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .forEach((name, d) -> partitions.put(name, d.partitions().size()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while describing topics " + topics, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("Cannot describe topics " + topics + ": " + cause.getClass().getSimpleName()
          + ": " + cause.getMessage(), e);
    }
    if (partitions.values().stream().distinct().count() > 1) {
      throw new IllegalStateException("Topics read together must have one partition count, so that the records of"
          + " one key meet on one task; they have " + partitions + ": give them the same count (kafka-topics.sh"
          + " --alter --partitions N on the smaller ones)");
    }
  }

  private static List<String> create(Admin admin, Collection<NewTopic> topics)
      throws InterruptedException, TimeoutException, ExecutionException {
    List<String> created = new ArrayList<>();
    var futures = admin.createTopics(topics).values();
    for (var entry : futures.entrySet()) {
      try {
        entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        created.add(entry.getKey());
        LOG.info("Created topic {}", entry.getKey());
      } catch (ExecutionException e) {
        // Another service created it between our list and our create: that is the idempotent case.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return created;
  }

  private static void raiseMessageLimit(Admin admin, List<String> names, KafkaLimits limits)
      throws InterruptedException, TimeoutException, ExecutionException {
    if (names.isEmpty()) {
      return;
    }
    List<ConfigResource> resources = names.stream()
        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    var configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    var changes = new java.util.HashMap<ConfigResource, Collection<AlterConfigOp>>();
    String wanted = Integer.toString(limits.topicMaxMessageBytes());
    configs.forEach((resource, config) -> {
      ConfigEntry entry = config.get("max.message.bytes");
      if (entry == null || Long.parseLong(entry.value()) < limits.topicMaxMessageBytes()) {
        LOG.warn("Raising max.message.bytes of topic {} from {} to {}", resource.name(),
            entry == null ? "unset" : entry.value(), wanted);
        changes.put(resource, List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", wanted), AlterConfigOp.OpType.SET)));
      }
    });
    if (!changes.isEmpty()) {
      admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
