package dev.tessera.stitcher.service;

import dev.tessera.service.TesseraKafka;
import dev.tessera.stitcher.view.LiveFeed;
import dev.tessera.stitcher.view.LivePage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The live view ({@link LiveFeed}, the page {@code tessera view} serves) on the service's own HTTP
 * port: {@code GET /view} the page, {@code /view/events} the server-sent events, {@code
 * /view/state} every acquisition as JSON, {@code /view/overlay?acquisition=ID} the newest overlay
 * PNG. Routes on Quarkus' Vert.x router (no extension beyond the HTTP layer SmallRye Health runs
 * on); each answers on the event loop from the feed's state, which the feed's own thread fills,
 * but the overlay, which may have to encode its PNG, on a worker thread.
 *
 * <p>The feed reads the cluster and topics of {@code tessera.kafka.*} and {@code tessera.topics.*}
 * from their end; it starts after {@link StitcherService} (which creates the topics) and stops at
 * shutdown, ending the open event streams. {@code tessera.stitcher.view.enabled=false}: no routes,
 * no consumer.
 */
@ApplicationScoped
public class StitcherLiveView {

  /** The view's root path. */
  static final String ROOT = "/view";

  private static final Logger LOG = Logger.getLogger(StitcherLiveView.class);

  private final StitcherConfig config;
  private final TesseraKafka kafka;
  private volatile LiveFeed feed;

  StitcherLiveView(StitcherConfig config, TesseraKafka kafka) {
    this.config = config;
    this.kafka = kafka;
  }

  void routes(@Observes Router router) {
    if (!config.view().enabled()) {
      return;
    }
    for (String page : List.of(ROOT, ROOT + "/")) {
      router.get(page).handler(rc -> answer(rc, ""));
    }
    router.get(ROOT + "/" + LivePage.STATE).handler(rc -> answer(rc, LivePage.STATE));
    // The first request after a mask encodes its PNG (2048x2048: 0.8-1.9 s measured on a busy 2-core machine),
    // so it runs on a worker, not on the event loop.
    router.get(ROOT + "/" + LivePage.OVERLAY).blockingHandler(rc -> answer(rc, LivePage.OVERLAY));
    router.get(ROOT + "/" + LivePage.EVENTS).handler(this::events);
  }

  /** After the stitcher's own start-up observer (default priority), so the topics exist. */
  void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
    if (!config.view().enabled()) {
      LOG.info("Live view off (tessera.stitcher.view.enabled=false)");
      return;
    }
    feed = LiveFeed.start(kafka.settings(), kafka.topics());
    LOG.infof("Live view of the acquisitions on %s (topics %s*) at %s", kafka.settings().bootstrapServers(),
        kafka.topics().prefix(), ROOT);
  }

  void stop(@Observes ShutdownEvent event) {
    LiveFeed f = feed;
    feed = null;
    if (f != null) {
      f.close();
    }
  }

  /** The running feed, once started (null when off, before start-up and after shutdown). */
  LiveFeed feed() {
    return feed;
  }

  private void answer(RoutingContext rc, String path) {
    LiveFeed f = feed;
    if (f == null) {
      rc.response().setStatusCode(503).end("the live view is not running");
      return;
    }
    LivePage.Answer answer = f.answer(path, rc.request().getParam(LivePage.ACQUISITION));
    rc.response().setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType())
        .end(Buffer.buffer(answer.body()));
  }

  private void events(RoutingContext rc) {
    LiveFeed f = feed;
    if (f == null) {
      rc.response().setStatusCode(503).end("the live view is not running");
      return;
    }
    HttpServerResponse response = rc.response().setChunked(true)
        .putHeader("Content-Type", LivePage.EVENT_STREAM).putHeader("Cache-Control", "no-cache");
    LiveFeed.Subscriber subscriber = new LiveFeed.Subscriber() {
      @Override
      public boolean send(byte[] event) {
        if (response.closed() || response.ended()) {
          return false;
        }
        try {
          response.write(Buffer.buffer(event));
          return true;
        } catch (IllegalStateException e) { // ended or closed since the check
          return false;
        }
      }

      @Override
      public void end() {
        try {
          response.end();
        } catch (IllegalStateException e) {
          // already ended or closed
        }
      }
    };
    response.closeHandler(v -> f.unsubscribe(subscriber));
    f.subscribe(subscriber);
  }
}
