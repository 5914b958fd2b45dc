package dev.tessera.cli.view;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.stitcher.view.LiveFeed;
import dev.tessera.stitcher.view.LivePage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code tessera view}'s web server: the stitcher's live view ({@link LiveFeed}: each running
 * acquisition's latest overlay, frame rate, cell count and dead letters, updated by server-sent
 * events) on the JDK's HTTP server, so the launcher needs no Quarkus. The stitcher service serves
 * the same page under {@code /view}.
 *
 * <p>{@code GET /} the page, {@code GET /events} the event stream (one JSON object per change),
 * {@code GET /state} every acquisition as JSON, {@code GET /overlay?acquisition=ID} the newest
 * overlay PNG ({@link LivePage}).
 */
public final class LiveView implements AutoCloseable {

  private final LiveFeed feed;
  private final HttpServer server;

  /**
   * Starts reading from the end of the topics and serving on {@code port} (0: any free port).
   */
  public LiveView(KafkaSettings kafka, Topics topics, int port) throws IOException {
    feed = LiveFeed.start(kafka, topics);
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException | RuntimeException e) {
      feed.close();
      throw e;
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tessera-view-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** The port the page is served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath().substring(1);
    if (path.equals(LivePage.EVENTS)) {
      events(x);
      return;
    }
    LivePage.Answer answer = feed.answer(path, acquisition(x.getRequestURI().getRawQuery()));
    x.getResponseHeaders().set("Content-Type", answer.contentType());
    x.sendResponseHeaders(answer.status(), answer.body().length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(answer.body());
    }
  }

  /** The event stream: the response stays open, written by the feed's reader. */
  private void events(HttpExchange x) throws IOException {
    x.getResponseHeaders().set("Content-Type", LivePage.EVENT_STREAM);
    x.getResponseHeaders().set("Cache-Control", "no-cache");
    x.sendResponseHeaders(200, 0);
    OutputStream out = x.getResponseBody();
    feed.subscribe(new LiveFeed.Subscriber() {
      @Override
      public boolean send(byte[] event) {
        try {
          out.write(event);
          out.flush();
          return true;
        } catch (IOException e) {
          return false;
        }
      }

      @Override
      public void end() {
        x.close();
      }
    });
  }

  /** The decoded {@code acquisition} parameter of a raw query, or null. */
  private static String acquisition(String rawQuery) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith(LivePage.ACQUISITION + "=")) {
        return URLDecoder.decode(pair.substring(LivePage.ACQUISITION.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Ends the event streams, stops reading and serving. */
  @Override
  public void close() {
    feed.close();
    server.stop(0);
  }
}
