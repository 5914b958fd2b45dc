package dev.tessera.ingest.service;

import dev.tessera.ingest.publish.FrameLog;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.ingest.upload.UploadHandler;
import dev.tessera.ingest.watch.FolderWatcher;
import dev.tessera.service.EnvironmentCheck;
import dev.tessera.service.TesseraKafka;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

/**
 * Starts the ingest stage: validates the configuration, creates the topics (idempotent), opens
 * the frame publisher behind the HTTP endpoint, and starts the folder watcher when
 * {@code tessera.ingest.watch.dir} is set. Output topics {@code <prefix>frames} (key: acquisition
 * id) and {@code <prefix>dead-letters}; see {@link FramePublisher} and {@link FolderWatcher} for
 * the guarantees.
 */
@ApplicationScoped
public class IngestService {

  private static final Logger LOG = Logger.getLogger(IngestService.class);

  private final TesseraKafka kafka;
  private final IngestConfig.Ingest ingestConfig;
  private final IngestMetrics metrics;

  private IngestSettings settings;
  private Admin admin;
  private FramePublisher publisher;
  private UploadHandler uploads;
  private FrameLog log;
  private FrameLog numbering;
  private FolderWatcher watcher;

  public IngestService(TesseraKafka kafka, IngestConfig.Ingest ingestConfig, IngestMetrics metrics) {
    this.kafka = kafka;
    this.ingestConfig = ingestConfig;
    this.metrics = metrics;
  }

  void start(@Observes StartupEvent event) throws IOException {
    EnvironmentCheck.enforce(System.getenv(), "ingest", IngestConfig.Ingest.class);
    settings = IngestSettings.from(kafka, ingestConfig);
    Map<String, Object> adminConfig = new HashMap<>(settings.kafka().admin());
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    admin = Admin.create(adminConfig);
    kafka.ensureTopics();
    publisher = FramePublisher.connect(settings.kafka(), settings.topics(), Map.of());
    // the numbering of uploads without X-Frame-Index continues what the frames topic holds
    numbering = FrameLog.connect(settings.kafka(), settings.topics());
    FrameLog frameIndices = numbering;
    uploads = new UploadHandler(publisher, settings.maxBodyBytes(), Clock.systemUTC(), acq -> {
      synchronized (frameIndices) { // a consumer is not thread-safe; uploads run in parallel
        return frameIndices.nextFrameIndex(acq);
      }
    });
    if (settings.watch().isPresent()) {
      log = FrameLog.connect(settings.kafka(), settings.topics());
      watcher = new FolderWatcher(settings.watch().get(), publisher, log, Clock.systemUTC(), metrics.watchListener());
      watcher.start();
      LOG.infof("Watching %s as acquisition %s", settings.watch().get().folder(), settings.watch().get().acquisitionId());
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (watcher != null) {
      watcher.close();
    }
    if (log != null) {
      log.close();
    }
    if (numbering != null) {
      numbering.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(10));
    }
  }

  public IngestSettings settings() {
    return settings;
  }

  public UploadHandler uploads() {
    return uploads;
  }

  public Optional<FolderWatcher> watcher() {
    return Optional.ofNullable(watcher);
  }

  /**
   * Describes the frames and dead-letter topics: proves the broker is reachable and the topics
   * exist.
   *
   * @throws Exception naming what is missing or unreachable
   */
  public void checkTopics(Duration timeout) throws Exception {
    List<String> names = List.of(settings.topics().frames().name(), settings.topics().deadLetters().name());
    admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
