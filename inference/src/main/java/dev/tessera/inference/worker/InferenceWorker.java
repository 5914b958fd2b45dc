package dev.tessera.inference.worker;

import dev.tessera.model.runtime.InferenceException;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Tile;
import dev.tessera.records.TileMask;
import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.DeadLetters;
import dev.tessera.schemas.Rejection;
import dev.tessera.schemas.Topics;
import dev.tessera.imaging.geometry.UNetGeometry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inference worker: scores tiles with a {@link UNetModel} and publishes their tile masks,
 * exactly once.
 *
 * <ul>
 *   <li>Input: {@code {prefix}tiles}, key {@code acq/frame/tile}, value {@link Tile}, read by a
 *       plain consumer in group {@link WorkerConfig#groupId()} with {@code read_committed}; more
 *       workers in the group share the partitions.
 *   <li>Output: {@code {prefix}tile-masks}, key {@link Topics#frameKey} ({@code acq/frame}, so all
 *       tiles of a frame meet on one stitcher task), value {@link TileMask} with provenance (model
 *       id and SHA-256, device, batch size, inference time, the tile's partition and offset in the
 *       tiles topic, capture, tiling and scoring times); rejected records go to {@code
 *       {prefix}dead-letters} under their original key, built by {@link DeadLetters#of}.
 *   <li>Guarantee: each transaction of the transactional producer holds the tile masks and dead
 *       letters of a set of polled records and, through {@code sendOffsetsToTransaction} with the
 *       consumer's group metadata, the offsets after them; so for a {@code read_committed} reader
 *       every tile yields exactly one tile mask or dead letter, whatever crashes.
 *   <li>Batching: polled records wait at most {@link WorkerConfig#linger()} for {@link
 *       WorkerConfig#maxBatchOn the model's device} records; then all of them are scored in one transaction, grouped
 *       by input size into batches of at most the maximum. A transaction starts only when its work
 *       is ready, so lingering does not count against the transaction timeout.
 *   <li>Failures: a tile that cannot be scored (invalid size or geometry, wrong pixel count,
 *       NaN or infinite FLOAT32 pixels, undecodable bytes) goes to the dead-letter topic with its
 *       offset committed, and the worker goes on; a batch ONNX Runtime fails on is retried tile by
 *       tile and the failing tiles dead-lettered. Fencing, authorization and protocol errors are
 *       fatal: the worker stops and reports FAILED. Other Kafka errors abort the transaction,
 *       rewind the consumer to the committed offsets and retry after a growing pause; after an
 *       error whose outcome is unknown (a timeout while committing or aborting) the producer is
 *       closed and created again, whose {@code initTransactions} settles the old transaction.
 * </ul>
 */
public final class InferenceWorker implements Runnable, AutoCloseable {

  /** The stage name in dead letters. */
  public static final String STAGE = "inference";

  private static final Logger LOG = LoggerFactory.getLogger(InferenceWorker.class);
  private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_BACKOFF_DOUBLINGS = 5;

  private final WorkerConfig config;
  private final TileScorer scorer;
  private final UNetGeometry geometry;
  private final WorkerListener listener;
  private final TransactionHook hook;
  private final Deserializer<Tile> tiles;
  private final Serializer<TileMask> masks;
  private final Serializer<DeadLetter> deadLetters;
  private final int maxBatch;
  private final PendingTiles pending;
  private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
  private final AtomicLong tilesScored = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong committedTransactions = new AtomicLong();
  private final AtomicLong abortedTransactions = new AtomicLong();
  /** Transactions failed since the last commit, and when that streak began (null: none). */
  private final java.util.concurrent.atomic.AtomicInteger failedInARow = new java.util.concurrent.atomic.AtomicInteger();
  private volatile Instant failingSince;
  private volatile String lastTransactionFailure;
  private final java.util.concurrent.atomic.AtomicInteger failedRunsInARow = new java.util.concurrent.atomic.AtomicInteger();
  private volatile String lastRunFailure;
  private final Object pause = new Object();

  private volatile boolean running = true;
  private volatile WorkerStatus.State state = WorkerStatus.State.CREATED;
  private volatile Instant lastLoop = Instant.now();
  private volatile String failure;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile KafkaProducer<String, byte[]> producer;
  private volatile Thread thread;
  private boolean inTransaction;
  private Duration backoff;
  private long lastSlowWarning;

  public InferenceWorker(WorkerConfig config, UNetModel model, WorkerListener listener) {
    this(config, model, listener, TransactionHook.NONE);
  }

  InferenceWorker(WorkerConfig config, UNetModel model, WorkerListener listener, TransactionHook hook) {
    this.config = config;
    this.maxBatch = config.maxBatchOn(model.device());
    // On a GPU every batch runs at the full batch size: one input shape per tile size.
    this.scorer = new TileScorer(model, model.device().startsWith("cuda") ? maxBatch : 0, config.tta());
    this.geometry = model.geometry();
    this.listener = listener;
    this.hook = hook;
    this.tiles = config.topics().tiles().valueSerde().deserializer();
    this.masks = config.topics().tileMasks().valueSerde().serializer();
    this.deadLetters = config.topics().deadLetters().valueSerde().serializer();
    this.pending = new PendingTiles(maxBatch, config.linger().toNanos());
    this.backoff = config.retryBackoff();
  }

  /**
   * Runs each input tile size once before the worker takes tiles (call before {@link #start}):
   * the first run of a shape is slow, and would otherwise fall inside a transaction.
   *
   * @param inputSizes tile input sides, e.g. from {@link WarmUpShapes#tileSizes}
   */
  public void warmUp(List<Integer> inputSizes) {
    for (int size : inputSizes) {
      long millis = scorer.warmUp(size);
      LOG.info("Worker {} warmed up tile size {} in {} ms", config.transactionalId(), size, millis);
    }
  }

  /** Runs the worker on a new thread named after its transactional id. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("worker " + config.transactionalId() + " was already started");
    }
    thread = new Thread(this, "tessera-inference-" + config.transactionalId());
    thread.start();
  }

  /** The poll loop; returns when the worker is stopped or fails. */
  @Override
  public void run() {
    thread = thread == null ? Thread.currentThread() : thread;
    state = WorkerStatus.State.STARTING;
    try {
      producer = newTransactionalProducer();
      consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of(config.topics().tiles().name()), new Rebalance());
      state = WorkerStatus.State.RUNNING;
      LOG.info("Worker {} scoring {} with model {} on {} in group {}", config.transactionalId(),
          config.topics().tiles().name(), scorer.modelInfo().modelId(), scorer.modelInfo().device(), config.groupId());
      while (running) {
        lastLoop = Instant.now();
        if (!pending.ready(System.nanoTime())) {
          poll();
        }
        if (running && pending.ready(System.nanoTime())) {
          commitPending();
        }
      }
    } catch (WakeupException | InterruptException e) {
      if (running) {
        fail("interrupted while running", e);
      }
    } catch (FatalError e) {
      fail(e.getMessage(), e.getCause());
    } catch (RuntimeException | Error e) {
      fail("unexpected " + e, e);
      if (e instanceof Error err) {
        throw err;
      }
    } finally {
      closeClients();
      if (failure == null) {
        state = WorkerStatus.State.STOPPED;
      }
      LOG.info("Worker {} stopped: {} tile masks, {} dead letters, {} transactions committed, {} aborted",
          config.transactionalId(), tilesScored.get(), deadLettered.get(), committedTransactions.get(),
          abortedTransactions.get());
    }
  }

  private void poll() {
    long wait = pending.isEmpty() ? config.pollTimeout().toNanos()
        : Math.min(config.pollTimeout().toNanos(), pending.nanosUntilReady(System.nanoTime()));
    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofNanos(Math.max(0, wait)));
    long now = System.nanoTime();
    for (ConsumerRecord<String, byte[]> r : records) {
      pending.add(intake(r, now));
    }
  }

  private PendingTiles.Entry intake(ConsumerRecord<String, byte[]> r, long now) {
    if (r.value() == null) {
      return rejected(r, now, new Rejection(DeadLetterError.NULL_VALUE, "tile record without a value (tombstone)"));
    }
    Tile tile;
    try {
      tile = tiles.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      return rejected(r, now, new Rejection(DeadLetterError.DESERIALIZATION, String.valueOf(e.getMessage())));
    }
    Optional<Rejection> problem = TileInputs.check(tile, geometry);
    if (problem.isPresent()) {
      return new PendingTiles.Entry(r.key(), r.partition(), r.offset(), r.value(), tile, problem.get(), now,
          r.timestamp());
    }
    // The decoded tile holds the pixels; the raw bytes are only kept for dead letters.
    return new PendingTiles.Entry(r.key(), r.partition(), r.offset(), null, tile, null, now, r.timestamp());
  }

  private static PendingTiles.Entry rejected(ConsumerRecord<String, byte[]> r, long now, Rejection why) {
    return new PendingTiles.Entry(r.key(), r.partition(), r.offset(), r.value(), null, why, now, r.timestamp());
  }

  private void commitPending() {
    List<PendingTiles.Entry> drained = pending.drain();
    try {
      transact(drained);
      backoff = config.retryBackoff();
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      if (isFatal(e)) {
        throw new FatalError("fatal Kafka error, the worker cannot go on: " + e, e);
      }
      recover(e);
    }
  }

  private void transact(List<PendingTiles.Entry> drained) {
    long start = System.nanoTime();
    List<PendingTiles.Entry> accepted = new ArrayList<>();
    List<PendingTiles.Entry> rejected = new ArrayList<>();
    for (PendingTiles.Entry e : drained) {
      (e.accepted() ? accepted : rejected).add(e);
    }
    List<String> deadTypes = new ArrayList<>();
    producer.beginTransaction();
    inTransaction = true;
    int scored = 0;
    for (List<PendingTiles.Entry> batch : Batches.of(accepted, PendingTiles.Entry::inputSize, maxBatch)) {
      scored += scoreAndSend(batch, deadTypes);
    }
    for (PendingTiles.Entry e : rejected) {
      sendDeadLetter(e, e.rejection(), deadTypes);
    }
    producer.sendOffsetsToTransaction(offsets(drained), consumer.groupMetadata());
    hook.beforeCommit();
    producer.commitTransaction();
    inTransaction = false;

    long nanos = System.nanoTime() - start;
    tilesScored.addAndGet(scored);
    deadLettered.addAndGet(deadTypes.size());
    committedTransactions.incrementAndGet();
    failedInARow.set(0);
    failingSince = null;
    listener.committed(scored, deadTypes.size(), nanos);
    deadTypes.forEach(listener::deadLettered);
    warnIfSlow(nanos, drained.size());
  }

  /** Scores one batch and sends its tile masks; returns how many it sent. */
  private int scoreAndSend(List<PendingTiles.Entry> batch, List<String> deadTypes) {
    long queueNanos = System.nanoTime() - batch.get(0).arrivedNanos();
    TileScorer.Scored scored;
    try {
      scored = scorer.score(batch.stream().map(PendingTiles.Entry::tile).toList());
    } catch (InferenceException e) {
      failedRunsInARow.incrementAndGet();
      lastRunFailure = e.getMessage();
      if (batch.size() == 1) {
        sendDeadLetter(batch.get(0), new Rejection(DeadLetterError.INFERENCE_FAILED, e.getMessage()), deadTypes);
        return 0;
      }
      LOG.warn("A batch of {} tiles failed ({}); scoring them one by one", batch.size(), e.getMessage());
      int sent = 0;
      for (PendingTiles.Entry one : batch) {
        sent += scoreAndSend(List.of(one), deadTypes);
      }
      return sent;
    }
    failedRunsInARow.set(0);
    listener.batchScored(batch.size(), queueNanos, scored.micros() * 1000);
    Instant scoredAt = Instant.now();
    String topic = config.topics().tileMasks().name();
    for (int i = 0; i < batch.size(); i++) {
      PendingTiles.Entry e = batch.get(i);
      Tile tile = e.tile();
      TileMask mask = TileOutputs.tileMask(tile, scored.probabilities().get(i), scorer.modelInfo(), batch.size(),
          scored.micros(), e.partition(), e.offset(), scoredAt);
      // The tile's own timestamp, not now: the stitcher's frame timeout runs on stream time.
      producer.send(new ProducerRecord<>(topic, null, e.timestamp(),
          Topics.frameKey(tile.getAcquisitionId(), tile.getFrameIndex()), masks.serialize(topic, mask)));
    }
    return batch.size();
  }

  private void sendDeadLetter(PendingTiles.Entry e, Rejection why, List<String> deadTypes) {
    String topic = config.topics().deadLetters().name();
    byte[] original = e.value();
    if (original == null && e.tile() != null) {
      // An accepted tile keeps only its decoded form; encode it again for the dead letter.
      original = config.topics().tiles().valueSerde().serializer().serialize(config.topics().tiles().name(), e.tile());
    }
    DeadLetter letter = DeadLetters.of(STAGE, config.topics().tiles().name(), e.partition(), e.offset(), e.key(),
        why.errorType(), why.reason(), original);
    producer.send(new ProducerRecord<>(topic, e.key(), deadLetters.serialize(topic, letter)));
    // Tell the stitcher too, in the same transaction: the frame can never complete, so it is closed
    // at once with a dead letter naming this tile, not left open until a timeout.
    Topics.TileId id = e.tile() != null ? new Topics.TileId(e.tile().getAcquisitionId(), e.tile().getFrameIndex(),
        e.tile().getTileIndex()) : Topics.parseTileKey(e.key()).orElse(null);
    if (id != null) {
      String masksTopic = config.topics().tileMasks().name();
      TileMask failed = TileOutputs.failed(id, e.tile(), scorer.modelInfo(), why, Instant.now());
      producer.send(new ProducerRecord<>(masksTopic, null, e.timestamp(),
          Topics.frameKey(id.acquisitionId(), id.frameIndex()), masks.serialize(masksTopic, failed)));
    }
    deadTypes.add(why.errorType().code());
    LOG.warn("Dead-lettered tile {} ({}@{}): {}: {}", e.key(), e.partition(), e.offset(), why.errorType().code(),
        why.reason());
  }

  private Map<TopicPartition, OffsetAndMetadata> offsets(List<PendingTiles.Entry> drained) {
    String topic = config.topics().tiles().name();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    PendingTiles.nextOffsets(drained).forEach((p, next) -> offsets.put(new TopicPartition(topic, p),
        new OffsetAndMetadata(next)));
    return offsets;
  }

  /** Abort (or re-create the producer when the outcome is unknown), rewind, pause. */
  private void recover(KafkaException cause) {
    abortedTransactions.incrementAndGet();
    if (failedInARow.getAndIncrement() == 0) {
      failingSince = Instant.now();
    }
    lastTransactionFailure = String.valueOf(cause);
    listener.aborted(cause);
    boolean ambiguous = isAmbiguous(cause);
    LOG.warn("Transaction of worker {} failed ({}); {} and retrying in {}", config.transactionalId(), cause,
        ambiguous ? "re-creating the producer" : "aborting", backoff);
    if (ambiguous || !inTransaction) {
      recreateProducer();
    } else {
      try {
        producer.abortTransaction();
      } catch (KafkaException e) {
        if (isFatal(e)) {
          throw new FatalError("fatal Kafka error while aborting: " + e, e);
        }
        recreateProducer();
      }
    }
    inTransaction = false;
    rewind();
    sleep(backoff);
    if (backoff.compareTo(config.retryBackoff().multipliedBy(1L << MAX_BACKOFF_DOUBLINGS)) < 0) {
      backoff = backoff.multipliedBy(2);
    }
  }

  private void recreateProducer() {
    KafkaProducer<String, byte[]> old = producer;
    try {
      old.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.debug("Closing the old producer failed", e);
    }
    inTransaction = false;
    producer = newTransactionalProducer();
  }

  /** A producer whose {@code initTransactions} succeeded, retried while Kafka is unreachable. */
  private KafkaProducer<String, byte[]> newTransactionalProducer() {
    while (true) {
      KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerProperties(), new StringSerializer(),
          new ByteArraySerializer());
      try {
        p.initTransactions();
        return p;
      } catch (TimeoutException e) {
        p.close(Duration.ZERO);
        if (!running) {
          throw new WakeupException();
        }
        LOG.warn("initTransactions of {} timed out; retrying in {}", config.transactionalId(), backoff);
        sleep(backoff);
      } catch (KafkaException e) {
        p.close(Duration.ZERO);
        if (isFatal(e)) {
          throw new FatalError("cannot start transactions as " + config.transactionalId() + ": " + e, e);
        }
        throw e;
      }
    }
  }

  /** Seeks every assigned partition back to its committed offset and forgets what was polled. */
  private void rewind() {
    pending.clear();
    while (running) {
      Set<TopicPartition> parts = consumer.assignment();
      if (parts.isEmpty()) {
        return;
      }
      try {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(parts, COMMITTED_TIMEOUT);
        for (TopicPartition tp : parts) {
          OffsetAndMetadata at = committed.get(tp);
          if (at == null) {
            consumer.seekToBeginning(List.of(tp));
          } else {
            consumer.seek(tp, at.offset());
          }
        }
        return;
      } catch (TimeoutException e) {
        LOG.warn("Reading the committed offsets of {} timed out; retrying", parts);
        sleep(backoff);
      }
    }
  }

  private void sleep(Duration d) {
    synchronized (pause) {
      if (!running) {
        return;
      }
      try {
        pause.wait(Math.max(1, d.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    }
  }

  private void warnIfSlow(long transactionNanos, int records) {
    long limit = config.transactionTimeout().toNanos() / 4;
    long now = System.nanoTime();
    if (transactionNanos > limit && now - lastSlowWarning > Duration.ofMinutes(1).toNanos()) {
      lastSlowWarning = now;
      LOG.warn("A transaction of {} records took {} ms, over a quarter of the transaction timeout {}: "
          + "lower the batch size (max-batch)", records, transactionNanos / 1_000_000, config.transactionTimeout());
    }
  }

  static boolean isFatal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException
          || t instanceof OutOfOrderSequenceException || t instanceof AuthorizationException
          || t instanceof UnsupportedVersionException) {
        return true;
      }
    }
    return false;
  }

  static boolean isAmbiguous(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private void fail(String why, Throwable cause) {
    failure = why;
    state = WorkerStatus.State.FAILED;
    LOG.error("Worker {} failed: {}", config.transactionalId(), why, cause);
  }

  private void closeClients() {
    KafkaProducer<String, byte[]> p = producer;
    if (p != null) {
      if (inTransaction) {
        try {
          p.abortTransaction();
        } catch (RuntimeException e) {
          LOG.warn("Aborting the open transaction on close failed ({}); the coordinator aborts it at its timeout",
              e.toString());
        }
      }
      try {
        p.close(CLIENT_CLOSE_TIMEOUT);
      } catch (RuntimeException e) {
        LOG.debug("Closing the producer failed", e);
      }
    }
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      try {
        // A static member leaves its group on a clean stop, so its partitions move at once; after
        // a kill -9 the restarted worker takes its place again at once (same group.instance.id).
        c.close(CloseOptions.timeout(CLIENT_CLOSE_TIMEOUT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      } catch (RuntimeException e) {
        LOG.debug("Closing the consumer failed", e);
      }
    }
    assignment.clear();
  }

  /**
   * Stops the worker: the transaction in progress, if any, is finished (committed or aborted);
   * polled records not yet in a transaction are left for the next owner of their partitions.
   * After {@code grace} the producer is closed under the worker, which aborts its transaction.
   *
   * @return whether the worker ended within {@code grace}
   */
  public boolean stop(Duration grace) {
    running = false;
    if (state == WorkerStatus.State.RUNNING || state == WorkerStatus.State.STARTING) {
      state = WorkerStatus.State.STOPPING;
    }
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    synchronized (pause) {
      pause.notifyAll();
    }
    Thread t = thread;
    if (t == null || t == Thread.currentThread()) {
      return true;
    }
    try {
      t.join(grace.toMillis());
      if (t.isAlive()) {
        LOG.warn("Worker {} did not finish within {}; closing its producer, which aborts its transaction",
            config.transactionalId(), grace);
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
          p.close(Duration.ZERO);
        }
        t.interrupt();
        t.join(CLIENT_CLOSE_TIMEOUT.toMillis());
        return false;
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  /** A snapshot for health checks. */
  public WorkerStatus status() {
    return new WorkerStatus(state, assignment.size(), lastLoop, Optional.ofNullable(failure), tilesScored.get(),
        deadLettered.get(), committedTransactions.get(), abortedTransactions.get(), failedInARow.get(),
        Optional.ofNullable(failingSince), Optional.ofNullable(lastTransactionFailure), failedRunsInARow.get(),
        Optional.ofNullable(lastRunFailure));
  }

  public WorkerConfig config() {
    return config;
  }

  private Map<String, Object> producerProperties() {
    Map<String, Object> p = new HashMap<>(config.kafka().producer());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.transactionalId());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
    p.putAll(config.producerOverrides());
    return p;
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> c = new HashMap<>(config.kafka().consumer());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, config.transactionalId() + "-consumer");
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // Static membership: a worker restarted after kill -9 rejoins as itself and gets its partitions
    // back without waiting for the old member's session to time out.
    c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.transactionalId());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A tile never seen must be scored: with no committed offset, start at the beginning.
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // One poll brings at most one batch, so a transaction holds at most two batches' work.
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
    c.putAll(config.consumerOverrides());
    return c;
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Called inside poll(), never during a transaction: what is pending was not sent, so drop it.
      pending.dropPartitions(partitions.stream().map(TopicPartition::partition).toList());
      assignment.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assignment.addAll(partitions);
      LOG.info("Worker {} assigned {}", config.transactionalId(), partitions);
    }
  }

  /** An error after which the worker cannot go on. */
  private static final class FatalError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FatalError(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
