package dev.tessera.inference.service;

import dev.tessera.model.runtime.UNetModel;
import dev.tessera.inference.worker.InferenceWorker;
import dev.tessera.inference.worker.WorkerStatus;
import dev.tessera.schemas.TopicAdmin;
import dev.tessera.schemas.TopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
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

  @Inject
  InferenceConfig config;

  @Inject
  KafkaConfig kafkaConfig;

  @Inject
  MeterRegistry registry;

  private volatile InferenceSettings settings;
  private volatile UNetModel model;
  private volatile InferenceWorker worker;

  void onStart(@Observes StartupEvent event) {
    settings = InferenceSettings.from(config, kafkaConfig);
    model = UNetModel.load(settings.modelPath(), settings.model());
    if (settings.createTopics()) {
      try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
          settings.worker().bootstrapServers()))) {
        TopicAdmin.ensureTopics(admin, TopicSettings.defaults(settings.worker().topics()), settings.worker().limits());
      }
    }
    WorkerMetrics metrics = new WorkerMetrics(registry, model, this::status);
    worker = new InferenceWorker(settings.worker(), model, metrics);
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
