package dev.tessera.inference.service;

import dev.tessera.model.runtime.UNetModel;
import dev.tessera.inference.worker.InferenceWorker;
import dev.tessera.inference.worker.WarmUpShapes;
import dev.tessera.inference.worker.WorkerStatus;
import dev.tessera.service.ConfigErrors;
import dev.tessera.service.EnvironmentCheck;
import dev.tessera.service.TesseraKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Quarkus wiring of one inference worker: validates the configuration, loads the model
 * (failing start-up when it is invalid, fails its self-test, or {@code device=cuda} cannot load
 * CUDA), creates the topics, runs an {@link InferenceWorker} on its own thread, and stops it at
 * shutdown, finishing or aborting its open transaction.
 */
@ApplicationScoped
public class InferenceService {

  private static final Logger LOG = Logger.getLogger(InferenceService.class);

  private final InferenceConfig config;
  private final TesseraKafka kafka;
  private final MeterRegistry registry;

  private volatile InferenceSettings settings;
  private volatile UNetModel model;
  private volatile InferenceWorker worker;

  public InferenceService(InferenceConfig config, TesseraKafka kafka, MeterRegistry registry) {
    this.config = config;
    this.kafka = kafka;
    this.registry = registry;
  }

  void onStart(@Observes StartupEvent event) {
    EnvironmentCheck.enforce(System.getenv(), "inference", InferenceConfig.class);
    settings = InferenceSettings.from(config, kafka);
    model = ConfigErrors.withPrefix(InferenceSettings.KEY_PREFIX,
        () -> UNetModel.load(settings.modelPath(), settings.model()));
    kafka.ensureTopics();
    WorkerMetrics metrics = new WorkerMetrics(registry, model, this::status);
    worker = new InferenceWorker(settings.worker(), model, metrics);
    worker.warmUp(ConfigErrors.withPrefix(InferenceSettings.KEY_PREFIX, () -> WarmUpShapes.tileSizes(model.geometry(),
        settings.warmupFrameSizes(), settings.warmupMaxInputSize())));
    worker.start();
    LOG.infof("Inference worker %s started on %s with model %s", settings.worker().transactionalId(), model.device(),
        model.modelId());
  }

  void onStop(@Observes ShutdownEvent event) {
    InferenceWorker w = worker;
    if (w != null) {
      boolean graceful = w.stop(settings.shutdownTimeout());
      LOG.infof("Inference worker stopped %s", graceful ? "gracefully" : "after the shutdown timeout");
    }
    UNetModel m = model;
    if (m != null) {
      m.close();
    }
  }

  /** The loaded model, once start-up got that far. */
  public Optional<UNetModel> model() {
    return Optional.ofNullable(model);
  }

  /** The worker's status, once it exists. */
  public Optional<WorkerStatus> status() {
    InferenceWorker w = worker;
    return w == null ? Optional.empty() : Optional.of(w.status());
  }

  public Optional<InferenceSettings> settings() {
    return Optional.ofNullable(settings);
  }
}
