package dev.tessera.inference.worker;

import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A worker's settings, validated here once; messages name each setting by its short name
 * ({@code max-batch}), which the service prefixes with {@code tessera.inference.} and the launcher
 * with {@code --}.
 *
 * @param kafka how every client reaches the cluster (servers, limits, security)
 * @param topics the topic registry (tiles in, tile masks and dead letters out)
 * @param groupId consumer group shared by all workers ({@code tessera.inference.group-id})
 * @param transactionalId this worker's transactional id, unique per worker and stable across its
 *     restarts so a restarted worker fences its former self at once
 * @param maxBatch most tiles per model run ({@code tessera.inference.max-batch}), or {@link #AUTO_MAX_BATCH} for
 *     the device's default ({@link #maxBatchOn})
 * @param linger how long a polled tile may wait for a fuller batch ({@code tessera.inference.linger})
 * @param pollTimeout longest poll ({@code tessera.inference.poll-timeout})
 * @param transactionTimeout producer {@code transaction.timeout.ms} ({@code
 *     tessera.inference.transaction-timeout}); a transaction holds at most two batches' work
 * @param retryBackoff first pause after a failed transaction, doubled up to 32 times this
 * @param consumerOverrides extra consumer properties, applied last
 * @param producerOverrides extra producer properties, applied last
 * @param tta test-time augmentation of every tile ({@code tessera.inference.tta})
 */
public record WorkerConfig(KafkaSettings kafka, Topics topics, String groupId, String transactionalId, int maxBatch,
    Duration linger, Duration pollTimeout, Duration transactionTimeout, Duration retryBackoff,
    Map<String, Object> consumerOverrides, Map<String, Object> producerOverrides, Tta tta) {

  public static final String DEFAULT_GROUP_ID = "tessera-inference";
  /** {@code max-batch=0}: the device decides ({@link #maxBatchOn}). */
  public static final int AUTO_MAX_BATCH = 0;
  public static final int DEFAULT_MAX_BATCH = AUTO_MAX_BATCH;
  /** The automatic batch size on a GPU, where a batch fills the device (CUDA: up to 1020² tiles of width 64). */
  public static final int GPU_MAX_BATCH = 16;
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(20);
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

  public WorkerConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    require(groupId != null && !groupId.isBlank(), "group-id is empty");
    require(transactionalId != null && !transactionalId.isBlank(), "transactional-id is empty");
    require(maxBatch >= 0 && maxBatch <= 256, "max-batch=" + maxBatch + " must be between 1 and 256, or 0 for the"
        + " device's default");
    require(!linger.isNegative(), "linger=" + linger + " must not be negative");
    require(!pollTimeout.isNegative() && !pollTimeout.isZero(), "poll-timeout=" + pollTimeout
        + " must be positive");
    require(transactionTimeout.toMillis() >= 1000, "transaction-timeout=" + transactionTimeout
        + " must be at least 1s");
    require(linger.multipliedBy(4).compareTo(transactionTimeout) < 0, "linger=" + linger
        + " must be well under transaction-timeout=" + transactionTimeout + " (under a quarter)");
    require(!retryBackoff.isNegative() && !retryBackoff.isZero(), "retry backoff " + retryBackoff + " must be positive");
    Objects.requireNonNull(tta, "tta");
    consumerOverrides = Map.copyOf(consumerOverrides);
    producerOverrides = Map.copyOf(producerOverrides);
  }

  /** Defaults for everything but the servers and this worker's transactional id. */
  public static WorkerConfig of(KafkaSettings kafka, String transactionalId) {
    return new WorkerConfig(kafka, Topics.defaults(), DEFAULT_GROUP_ID, transactionalId, DEFAULT_MAX_BATCH,
        DEFAULT_LINGER, DEFAULT_POLL_TIMEOUT, DEFAULT_TRANSACTION_TIMEOUT, DEFAULT_RETRY_BACKOFF, Map.of(), Map.of(),
        Tta.NONE);
  }

  /**
   * The batch size on {@code device} ({@code cpu} or {@code cuda:<id>}, as {@code UNetModel.device()}
   * names it): {@link #maxBatch} when set; otherwise 1 on the CPU, where batching gains nothing
   * and a batch's larger working set made each tile slower (`tessera bench`, docs/performance.md),
   * and {@link #GPU_MAX_BATCH} on a GPU.
   */
  public int maxBatchOn(String device) {
    if (maxBatch != AUTO_MAX_BATCH) {
      return maxBatch;
    }
    return device.startsWith("cuda") ? GPU_MAX_BATCH : 1;
  }

  public WorkerConfig withTopics(Topics t) {
    return new WorkerConfig(kafka, t, groupId, transactionalId, maxBatch, linger, pollTimeout,
        transactionTimeout, retryBackoff, consumerOverrides, producerOverrides, tta);
  }

  public WorkerConfig withGroupId(String g) {
    return new WorkerConfig(kafka, topics, g, transactionalId, maxBatch, linger, pollTimeout,
        transactionTimeout, retryBackoff, consumerOverrides, producerOverrides, tta);
  }

  public WorkerConfig withBatching(int max, Duration lingerTime) {
    return new WorkerConfig(kafka, topics, groupId, transactionalId, max, lingerTime, pollTimeout,
        transactionTimeout, retryBackoff, consumerOverrides, producerOverrides, tta);
  }

  public WorkerConfig withTimeouts(Duration poll, Duration transaction, Duration backoff) {
    return new WorkerConfig(kafka, topics, groupId, transactionalId, maxBatch, linger, poll, transaction,
        backoff, consumerOverrides, producerOverrides, tta);
  }

  public WorkerConfig withOverrides(Map<String, Object> consumer, Map<String, Object> producer) {
    return new WorkerConfig(kafka, topics, groupId, transactionalId, maxBatch, linger, pollTimeout,
        transactionTimeout, retryBackoff, consumer, producer, tta);
  }

  /** Scores every tile with test-time augmentation {@code t}. */
  public WorkerConfig withTta(Tta t) {
    return new WorkerConfig(kafka, topics, groupId, transactionalId, maxBatch, linger, pollTimeout,
        transactionTimeout, retryBackoff, consumerOverrides, producerOverrides, t);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
