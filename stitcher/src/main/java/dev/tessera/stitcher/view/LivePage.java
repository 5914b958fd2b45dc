package dev.tessera.stitcher.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The live view's answers, whatever serves them: paths are relative to the view's root ({@code /}
 * for {@code tessera view}, {@code /view/} in the stitcher service), and the page asks for the
 * others relative to where it was served, so it works under either root.
 *
 * <ul>
 *   <li>{@code ""} the page ({@code index.html} beside this class), carrying the state when it was
 *       served so it shows it before the first event;
 *   <li>{@value #STATE} every acquisition as a JSON array ({@link LiveState#json});
 *   <li>{@value #OVERLAY}{@code ?acquisition=ID} the acquisition's newest overlay PNG, 404 naming it
 *       when there is none; the first answer after a mask encodes the PNG ({@link
 *       LiveState#overlay}), so a front end on an event loop answers it on a worker;
 *   <li>{@value #EVENTS} the server-sent event stream, served by the front end itself ({@link
 *       LiveFeed#subscribe}): {@link #PRELUDE}, then one {@link #event} per change.
 * </ul>
 */
public final class LivePage {

  /** The event stream's path. */
  public static final String EVENTS = "events";
  /** The state's path. */
  public static final String STATE = "state";
  /** The overlay's path. */
  public static final String OVERLAY = "overlay";
  /** The overlay's query parameter naming the acquisition. */
  public static final String ACQUISITION = "acquisition";
  /** The event stream's content type. */
  public static final String EVENT_STREAM = "text/event-stream";
  /** A comment opening the event stream, so a client sees it open before the first change. */
  public static final byte[] PRELUDE = ": tessera live view\n\n".getBytes(StandardCharsets.UTF_8);

  /** Where the page puts the state it was served with. */
  static final String STATE_MARK = "/*STATE*/[]";

  private static final String TEMPLATE = template();

  /** One answer: HTTP status, content type and body. */
  public record Answer(int status, String contentType, byte[] body) {

    static Answer text(int status, String text) {
      return new Answer(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private LivePage() {}

  /**
   * The answer to a GET of {@code path} (relative to the view's root, no leading slash) other than
   * {@link #EVENTS}; 404 for a path the view does not serve.
   *
   * @param acquisition the decoded {@value #ACQUISITION} query parameter, or null
   * @param now {@link System#nanoTime()}, for the frame rates
   */
  public static Answer answer(LiveState state, String path, String acquisition, long now) {
    return switch (path) {
      case "" -> new Answer(200, "text/html; charset=utf-8",
          TEMPLATE.replace(STATE_MARK, state.json(now)).getBytes(StandardCharsets.UTF_8));
      case STATE -> new Answer(200, "application/json", state.json(now).getBytes(StandardCharsets.UTF_8));
      case OVERLAY -> state.overlay(acquisition == null ? "" : acquisition)
          .map(png -> new Answer(200, "image/png", png))
          .orElseGet(() -> Answer.text(404, "no overlay of " + acquisition));
      default -> Answer.text(404, "not found: " + path);
    };
  }

  /**
   * A server-sent-event comment, ignored by the browser: sent to every client when nothing else was
   * for {@link LiveFeed#KEEP_ALIVE}, so an idle stream is not closed by the server's or a proxy's
   * idle timeout (Quarkus closes idle connections after 30 minutes) and a client gone away is noticed.
   */
  public static final byte[] KEEP_ALIVE_COMMENT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  /** One acquisition's JSON as a server-sent event. */
  public static byte[] event(String json) {
    return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String template() {
    try (InputStream in = LivePage.class.getResourceAsStream("index.html")) {
      if (in == null) {
        throw new IllegalStateException("index.html is missing beside " + LivePage.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
