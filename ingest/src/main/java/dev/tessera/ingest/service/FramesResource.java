package dev.tessera.ingest.service;

import dev.tessera.ingest.upload.UploadHandler;
import dev.tessera.ingest.upload.UploadRejectedException;
import dev.tessera.ingest.upload.UploadRequest;
import dev.tessera.ingest.upload.UploadResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /acquisitions/{id}/frames}: a TIFF/PNG body or raw pixels in, frames on
 * {@code <prefix>frames} out, answered 202 with their coordinates once the broker acknowledged
 * them, or 400/413/415/503 with a reason (see {@link dev.tessera.ingest.upload.UploadHandler}).
 * Runs on a worker thread: it blocks until the acknowledgement.
 */
@Path("/acquisitions/{id}/frames")
public class FramesResource {

  private final IngestService service;
  private final IngestMetrics metrics;

  public FramesResource(IngestService service, IngestMetrics metrics) {
    this.service = service;
    this.metrics = metrics;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response post(@PathParam("id") String acquisitionId, @Context HttpHeaders headers, InputStream stream)
      throws IOException {
    Map<String, String> first = new HashMap<>();
    headers.getRequestHeaders().forEach((name, values) -> {
      if (!values.isEmpty()) {
        first.put(name, values.get(0));
      }
    });
    try {
      byte[] body = UploadHandler.readBody(stream, service.uploads().maxBodyBytes());
      UploadRequest request = new UploadRequest(acquisitionId, headers.getHeaderString(HttpHeaders.CONTENT_TYPE), first,
          body);
      UploadResult result = service.uploads().accept(request);
      metrics.published(IngestMetrics.HTTP, result.frames().size(), result.bytes());
      return Response.accepted(result).build();
    } catch (UploadRejectedException e) {
      return rejected(metrics, e);
    }
  }

  private static Response rejected(IngestMetrics metrics, UploadRejectedException e) {
    metrics.rejected(IngestMetrics.HTTP, e.kind());
    Response.Status status = Response.Status.fromStatusCode(e.status());
    String phrase = status == null ? "Error" : status.getReasonPhrase();
    return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(e.status(), phrase, e.getMessage())).build();
  }
}
