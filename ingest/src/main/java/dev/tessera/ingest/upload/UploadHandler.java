package dev.tessera.ingest.upload;

import dev.tessera.ingest.publish.AcquisitionIds;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.ingest.publish.FrameTooLargeException;
import dev.tessera.ingest.publish.PublishException;
import dev.tessera.ingest.publish.PublishProgress;
import dev.tessera.ingest.publish.PublishedFrame;
import dev.tessera.imaging.io.ImagePage;
import dev.tessera.imaging.io.ImageReadException;
import dev.tessera.imaging.io.ImageStack;
import dev.tessera.imaging.io.UnsupportedImageException;
import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.KafkaException;

/**
 * Accepts uploads of frames: a TIFF (every page a frame) or PNG body, or raw little-endian pixels
 * described by {@code X-Width}, {@code X-Height} and {@code X-Pixel-Type}. Answers with where the
 * frames are stored once the broker acknowledged them, or rejects the upload with a status and a
 * reason: 400 malformed, 413 over the body or record limit, 415 unsupported type or image, 503
 * broker unavailable. A rejected upload publishes nothing: every page of a stack is decoded before
 * the first frame is sent (a broker failure in the middle of a stack is the exception: its message
 * says how many frames were stored, and the numbering moves past them).
 *
 * <p>Frame indices: {@code X-Frame-Index} gives the (first) frame's index; without it, a counter
 * per acquisition gives the next index, moved past every index used, given or counted. The counter
 * starts where the frames topic leaves off ({@link FrameIndexSeed}: one past the highest index of the
 * acquisition already stored), so a restarted ingest never hands out an index already used; with
 * several ingest replicas for one acquisition, clients must send {@code X-Frame-Index}. Uploads to one acquisition are
 * published one at a time, so frames reach their partition in index order; uploads to different
 * acquisitions run in parallel.
 */
public final class UploadHandler {

  /** Frame attribute telling where the frame came from: {@value #HTTP_SOURCE}. */
  public static final String UPLOAD_ATTRIBUTE = "source.upload";
  public static final String HTTP_SOURCE = "http";

  private static final Set<String> TIFF_TYPES = Set.of("image/tiff", "image/tif", "image/x-tiff");
  private static final String PNG_TYPE = "image/png";
  private static final String RAW_TYPE = "application/octet-stream";

  private final FramePublisher publisher;
  private final long maxBodyBytes;
  private final Clock clock;
  private final FrameIndexSeed seed;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /** Where an acquisition's numbering starts in this process: one past what is already stored. */
  @FunctionalInterface
  public interface FrameIndexSeed {
    /** The index after the highest one of {@code acquisitionId} already published, 0 for none. */
    long next(String acquisitionId);

    /** For tests: every acquisition starts at 0. */
    FrameIndexSeed ZERO = acquisitionId -> 0;
  }

  /** Next frame index of one acquisition; also the lock that orders its uploads. */
  private static final class Counter {
    long next;
  }

  /**
   * @param maxBodyBytes the largest body accepted ({@code tessera.ingest.max-body-bytes})
   */
  public UploadHandler(FramePublisher publisher, long maxBodyBytes, Clock clock, FrameIndexSeed seed) {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body limit must be positive, was " + maxBodyBytes);
    }
    this.publisher = publisher;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
    this.seed = seed;
  }

  /** The counter of {@code acq}, seeded from what the frames topic already holds. */
  private Counter counter(String acq) {
    return counters.computeIfAbsent(acq, k -> {
      Counter c = new Counter();
      c.next = seed.next(k);
      return c;
    });
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The rejection of a body of {@code bytes} over {@code limit}, also used before the body is read. */
  public static UploadRejectedException bodyTooLarge(long bytes, long limit) {
    return new UploadRejectedException(UploadRejectedException.TOO_LARGE, "the body has " + bytes
        + " bytes, over the limit of " + limit + " bytes (tessera.ingest.max-body-bytes)");
  }

  /**
   * Reads a request body of at most {@code limit} bytes: a chunked body (no Content-Length) is
   * only known to be too large while it is read, so this reads up to the limit and one byte more.
   *
   * @throws UploadRejectedException 413 naming the limit when the body is longer
   * @throws IOException when the body cannot be read
   */
  public static byte[] readBody(InputStream body, long limit) throws IOException {
    if (limit < 0 || limit > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a body limit of " + limit + " bytes does not fit an array");
    }
    byte[] bytes = body.readNBytes((int) limit);
    if (body.read() != -1) {
      throw new UploadRejectedException(UploadRejectedException.TOO_LARGE, "the body grew over the limit of " + limit
          + " bytes (tessera.ingest.max-body-bytes) while it was read");
    }
    return bytes;
  }

  /**
   * Publishes the upload's frames.
   *
   * @throws UploadRejectedException with the status and reason to answer
   */
  public UploadResult accept(UploadRequest request) {
    String acq = request.acquisitionId();
    try {
      AcquisitionIds.check(acq);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    if (request.body().length > maxBodyBytes) {
      throw bodyTooLarge(request.body().length, maxBodyBytes);
    }
    String type = request.mediaType().orElseThrow(() -> unsupported("the request has no Content-Type; " + accepted()));
    if (!TIFF_TYPES.contains(type) && !PNG_TYPE.equals(type) && !RAW_TYPE.equals(type)) {
      throw unsupported("Content-Type " + type + " is not supported; " + accepted());
    }
    if (request.body().length == 0) {
      throw bad("the body is empty");
    }
    Long givenIndex = frameIndex(request);
    Instant capturedAt = capturedAt(request);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(UPLOAD_ATTRIBUTE, HTTP_SOURCE);
    request.header(UploadRequest.FILE_NAME).ifPresent(name -> attributes.put(FramePublisher.FILE_ATTRIBUTE, name));
    return RAW_TYPE.equals(type)
        ? acceptRaw(request, acq, givenIndex, capturedAt, attributes)
        : acceptImage(request, type, acq, givenIndex, capturedAt, attributes);
  }

  private UploadResult acceptImage(UploadRequest request, String type, String acq, Long givenIndex, Instant capturedAt,
      Map<String, String> attributes) {
    String source = "upload to acquisition " + acq;
    try (ImageStack stack = ImageStack.open(request.body(), source)) {
      boolean declaredTiff = TIFF_TYPES.contains(type);
      if (declaredTiff != stack.format().isTiff()) {
        throw bad("Content-Type is " + type + " but the body is a " + (stack.format().isTiff() ? "TIFF" : "PNG"));
      }
      // All or nothing: the body is in memory, so every page is decoded before the first frame goes
      // out; a page cut short or corrupt refuses the upload with nothing published.
      for (int page = 0; page < stack.pageCount(); page++) {
        stack.read(page);
      }
      Counter counter = counter(acq);
      synchronized (counter) {
        long first = givenIndex != null ? givenIndex : counter.next;
        List<PublishedFrame> frames;
        try {
          frames = publisher.publishStack(acq, first, stack, capturedAt, attributes, PublishProgress.NONE);
        } catch (PublishException e) {
          if (!e.published().isEmpty()) {
            advance(counter, first + stack.pageCount());
          }
          throw e;
        }
        advance(counter, first + stack.pageCount());
        return UploadResult.of(acq, publisher.topics().frames().name(), frames);
      }
    } catch (UnsupportedImageException e) {
      throw unsupported(e.getMessage());
    } catch (ImageReadException e) {
      throw bad(e.getMessage());
    } catch (FrameTooLargeException e) {
      throw new UploadRejectedException(UploadRejectedException.TOO_LARGE, e.getMessage(), e);
    } catch (PublishException | KafkaException e) {
      throw unavailable(e);
    }
  }

  private UploadResult acceptRaw(UploadRequest request, String acq, Long givenIndex, Instant capturedAt,
      Map<String, String> attributes) {
    int width = positiveInt(request, UploadRequest.WIDTH);
    int height = positiveInt(request, UploadRequest.HEIGHT);
    PixelType type = pixelType(request);
    Double pixelSize = request.header(UploadRequest.PIXEL_SIZE).map(v -> parseDouble(UploadRequest.PIXEL_SIZE, v)).orElse(null);
    ImagePage page;
    try {
      page = ImagePage.raw(width, height, type, request.body(), pixelSize);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    Map<String, String> all = new HashMap<>(attributes);
    all.put(ImageStack.FORMAT_ATTRIBUTE, "raw");
    Counter counter = counter(acq);
    synchronized (counter) {
      long index = givenIndex != null ? givenIndex : counter.next;
      Frame frame = page.toFrame(acq, index, capturedAt, all);
      try {
        PublishedFrame done = publisher.publish(frame, 0);
        advance(counter, index + 1);
        return UploadResult.of(acq, publisher.topics().frames().name(), List.of(done));
      } catch (FrameTooLargeException e) {
        throw new UploadRejectedException(UploadRejectedException.TOO_LARGE, e.getMessage(), e);
      } catch (PublishException | KafkaException e) {
        throw unavailable(e);
      }
    }
  }

  private static void advance(Counter counter, long next) {
    counter.next = Math.max(counter.next, next);
  }

  private static Long frameIndex(UploadRequest request) {
    return request.header(UploadRequest.FRAME_INDEX).map(v -> {
      try {
        long index = Long.parseLong(v);
        if (index < 0) {
          throw bad(UploadRequest.FRAME_INDEX + " " + v + " is negative");
        }
        return index;
      } catch (NumberFormatException e) {
        throw bad(UploadRequest.FRAME_INDEX + " '" + v + "' is not a whole number");
      }
    }).orElse(null);
  }

  private Instant capturedAt(UploadRequest request) {
    return request.header(UploadRequest.CAPTURED_AT).map(v -> {
      try {
        return Instant.parse(v);
      } catch (DateTimeParseException e) {
        throw bad(UploadRequest.CAPTURED_AT + " '" + v + "' is not an ISO-8601 instant such as 2026-05-01T10:15:30.250Z");
      }
    }).orElseGet(clock::instant).truncatedTo(ChronoUnit.MILLIS);
  }

  private static int positiveInt(UploadRequest request, String header) {
    String v = request.header(header).orElseThrow(() -> bad("raw pixels (application/octet-stream) need the header "
        + header + "; send " + UploadRequest.WIDTH + ", " + UploadRequest.HEIGHT + " and " + UploadRequest.PIXEL_TYPE));
    try {
      int value = Integer.parseInt(v);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the value.
    }
    throw bad(header + " '" + v + "' is not a positive whole number");
  }

  private static PixelType pixelType(UploadRequest request) {
    String v = request.header(UploadRequest.PIXEL_TYPE).orElseThrow(() -> bad("raw pixels (application/octet-stream)"
        + " need the header " + UploadRequest.PIXEL_TYPE + " (uint8, uint16 or float32)"));
    try {
      return PixelType.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(UploadRequest.PIXEL_TYPE + " '" + v + "' is not one of uint8, uint16, float32");
    }
  }

  private static double parseDouble(String header, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw bad(header + " '" + v + "' is not a number");
    }
  }

  private static String accepted() {
    return "send image/tiff, image/png, or application/octet-stream with " + UploadRequest.WIDTH + ", "
        + UploadRequest.HEIGHT + " and " + UploadRequest.PIXEL_TYPE;
  }

  private static UploadRejectedException bad(String reason) {
    return new UploadRejectedException(UploadRejectedException.BAD_REQUEST, reason);
  }

  private static UploadRejectedException unsupported(String reason) {
    return new UploadRejectedException(UploadRejectedException.UNSUPPORTED, reason);
  }

  private static UploadRejectedException unavailable(RuntimeException e) {
    String stored = e instanceof PublishException p && !p.published().isEmpty()
        ? " (" + p.published().size() + " frame(s) of this upload were stored before the failure)" : "";
    return new UploadRejectedException(UploadRejectedException.UNAVAILABLE, e.getMessage() + stored, e);
  }
}
