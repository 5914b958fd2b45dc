package dev.tessera.cli.local;

import dev.tessera.inference.worker.InferenceWorker;
import dev.tessera.inference.worker.Tta;
import dev.tessera.inference.worker.WorkerConfig;
import dev.tessera.inference.worker.WorkerListener;
import dev.tessera.model.runtime.ModelOptions;
import dev.tessera.model.runtime.UNetModel;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.topology.StitcherSettings;
import dev.tessera.stitcher.topology.StitcherTopology;
import dev.tessera.tiler.tiling.TilerSettings;
import dev.tessera.tiler.topology.TilerEvents;
import dev.tessera.tiler.topology.TilerTopology;
import dev.tessera.tracker.topology.TrackerSettings;
import dev.tessera.tracker.topology.TrackerTopology;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tessera's stages in one JVM: the tiler, the stitcher and (when asked) the tracker as Kafka
 * Streams applications (exactly-once v2) and {@code workers} inference workers (transactional
 * consumer-producers), each built from the same core as its Quarkus service. Topics are created
 * first (idempotent).
 *
 * <p>Each worker loads its own model session: a session's input buffers are reused between
 * batches, so sessions are not shared between threads.
 */
public final class LocalPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What to run.
   *
   * @param kafka the cluster and how to reach it
   * @param topics topic names
   * @param model the ONNX model file
   * @param modelOptions device and threads of each inference session
   * @param workers inference workers (threads), at least 1
   * @param maxInputSize largest input tile side the tiler may choose
   * @param stitcher stitcher settings
   * @param stateDir folder for the Kafka Streams state stores
   * @param tta the workers' test-time augmentation
   * @param tracker the tracker's settings, to run it; empty not to
   */
  public record Options(KafkaSettings kafka, Topics topics, Path model, ModelOptions modelOptions, int workers,
      int maxInputSize, StitcherSettings stitcher, Path stateDir, Tta tta, Optional<TrackerSettings> tracker) {
    public Options {
      if (workers < 1) {
        throw new IllegalArgumentException("--workers must be at least 1, was " + workers);
      }
    }
  }

  private final List<UNetModel> models = new ArrayList<>();
  private final List<InferenceWorker> workers = new ArrayList<>();
  private final List<KafkaStreams> streams = new ArrayList<>();
  private UNetModel model;

  private LocalPipeline() {}

  /** Creates the topics, loads the model and starts every stage; returns once all are running. */
  public static LocalPipeline start(Options options, WorkerListener workerListener) {
    LocalPipeline pipeline = new LocalPipeline();
    try {
      pipeline.startAll(options, workerListener);
      return pipeline;
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  private void startAll(Options o, WorkerListener workerListener) {
    TopicAdmin.ensureTopics(o.kafka(), TopicSettings.defaults(o.topics()));
    for (int i = 0; i < o.workers(); i++) {
      models.add(UNetModel.load(o.model(), o.modelOptions()));
    }
    model = models.get(0);
    StitcherSettings stitcher = o.stitcher().toBuilder().foregroundClass(model.card().foregroundClass())
        .limits(o.kafka().limits()).build();
    LOG.info("Model {} (sha256 {}) on {}; cells: {}", model.modelId(), model.sha256().substring(0, 12), model.device(),
        stitcher.describeCells());

    TilerSettings tiler = TilerSettings.builder()
        .modelCard(model.card(), o.model().toString())
        .maxInputSize(o.maxInputSize())
        .build();
    Properties tilerProps = TilerTopology.streamsConfig(o.kafka(), o.topics(), "tessera-local-tiler");
    forOneShotRuns(tilerProps, o.stateDir().resolve("tiler"));
    streams.add(new KafkaStreams(TilerTopology.topology(o.topics(), tiler, TilerEvents.NONE, Clock.systemUTC()),
        tilerProps));

    StreamsBuilder builder = new StreamsBuilder();
    StitcherTopology.build(builder, o.topics(), stitcher);
    Properties stitcherProps = StitcherTopology.streamsConfig(o.kafka(), o.topics(), "tessera-local-stitcher");
    forOneShotRuns(stitcherProps, o.stateDir().resolve("stitcher"));
    streams.add(new KafkaStreams(builder.build(), stitcherProps));

    o.tracker().ifPresent(settings -> {
      Properties trackerProps = TrackerTopology.streamsConfig(o.kafka(), o.topics(), "tessera-local-tracker");
      forOneShotRuns(trackerProps, o.stateDir().resolve("tracker"));
      streams.add(new KafkaStreams(TrackerTopology.build(o.topics(), settings), trackerProps));
    });

    for (int i = 0; i < o.workers(); i++) {
      WorkerConfig config = WorkerConfig.of(o.kafka(), "tessera-local-inference-" + i).withTopics(o.topics())
          .withTta(o.tta());
      InferenceWorker worker = new InferenceWorker(config, models.get(i), workerListener);
      workers.add(worker);
      worker.start();
    }
    for (KafkaStreams s : streams) {
      // as the services do (StreamsRunner): a thread killed by an unexpected error is replaced
      s.setUncaughtExceptionHandler(e -> {
        LOG.error("A Kafka Streams thread failed; replacing it", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
      });
      s.start();
    }
    awaitRunning();
  }

  /** The first worker's model: its card and provenance describe the whole run. */
  public UNetModel model() {
    return model;
  }

  private void awaitRunning() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (KafkaStreams s : streams) {
      while (s.state() != KafkaStreams.State.RUNNING) {
        if (s.state() == KafkaStreams.State.ERROR || s.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("A Kafka Streams stage stopped while starting: " + s.state());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Kafka Streams stages not running after " + START_TIMEOUT.toSeconds() + " s");
        }
        sleep(50);
      }
    }
  }

  /**
   * The launcher's Streams apps keep their state in the data folder and use the shortest session
   * the broker allows: a Streams member does not leave its group when it closes, so the next run
   * (same application id) waits until the last run's member expires, 45 s at Kafka's default (the
   * second {@code tessera demo} on one data folder took 54 s instead of 11 s), 6 s with this.
   */
  private static void forOneShotRuns(Properties props, Path dir) {
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toAbsolutePath().toString());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2000);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  @Override
  public void close() {
    for (InferenceWorker w : workers) {
      w.stop(Duration.ofSeconds(10));
    }
    for (KafkaStreams s : streams) {
      s.close(Duration.ofSeconds(30));
    }
    models.forEach(UNetModel::close);
  }
}
