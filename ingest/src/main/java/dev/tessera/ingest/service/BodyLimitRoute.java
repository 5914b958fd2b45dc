package dev.tessera.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.ingest.upload.UploadHandler;
import dev.tessera.ingest.upload.UploadRejectedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body over {@code tessera.ingest.max-body-bytes} from its Content-Length, before it is
 * read, with a 413 whose JSON says why, counted in {@code tessera_ingest_rejects_total}. A chunked
 * body has no length: {@link FramesResource} refuses it while reading, the same way.
 */
@ApplicationScoped
public class BodyLimitRoute {

  private final IngestConfig.Ingest config;
  private final IngestMetrics metrics;
  private final ObjectMapper json;

  public BodyLimitRoute(IngestConfig.Ingest config, IngestMetrics metrics, ObjectMapper json) {
    this.config = config;
    this.metrics = metrics;
    this.json = json;
  }

  void install(@Observes Router router) {
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
  }

  private void check(RoutingContext context) {
    String length = context.request().getHeader("Content-Length");
    long limit = config.maxBodyBytes();
    if (length != null) {
      try {
        long bytes = Long.parseLong(length.strip());
        if (bytes > limit) {
          reject(context, UploadHandler.bodyTooLarge(bytes, limit));
          return;
        }
      } catch (NumberFormatException e) {
        // Not ours to judge: the HTTP server answers a malformed Content-Length itself.
      }
    }
    context.next();
  }

  private void reject(RoutingContext context, UploadRejectedException e) {
    metrics.rejected(IngestMetrics.HTTP, e.kind());
    String body;
    try {
      body = json.writeValueAsString(new ErrorBody(e.status(), "Request Entity Too Large", e.getMessage()));
    } catch (JsonProcessingException impossible) {
      body = "{}";
    }
    // The client may still be sending the body: close the connection rather than read it.
    context.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close").end(body);
  }
}
