package dev.tessera.ingest.publish;

import dev.tessera.imaging.io.Conversion;
import dev.tessera.imaging.io.ImagePage;
import dev.tessera.imaging.io.ImageReadException;
import dev.tessera.imaging.io.ImageStack;
import dev.tessera.imaging.io.PageInfo;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Frame;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Publishes frames to the frames topic ({@code {prefix}frames}), keyed by acquisition id so the
 * frames of one acquisition stay in order on one partition, and dead letters to
 * {@code {prefix}dead-letters} keyed by the acquisition id they would have had.
 *
 * <p>Guarantees: the producer is idempotent with {@code acks=all}, so a retried send is stored
 * once and in order; every method returns only after the broker acknowledged its records, with
 * their partition and offset. A frame whose record would exceed the configured record size
 * ({@link KafkaLimits#maxRecordBytes()} less {@value #RECORD_OVERHEAD_BYTES} bytes of key and
 * record overhead) fails with a {@link FrameTooLargeException} before it is sent; for a stack,
 * every page is checked from the file's headers before the first one is sent, and a stack with an
 * unsupported page is refused whole. A broker failure raises a {@link PublishException} listing
 * the frames that were acknowledged.
 *
 * <p>Frame {@code p} of a stack published from frame index {@code first} gets index
 * {@code first + p}, whichever pages are sent, so a partly published stack can be completed later
 * with the same indices. Thread-safe: the HTTP endpoint shares one publisher.
 */
public final class FramePublisher implements AutoCloseable {

  /** Frame attribute: the file the frame was read from. */
  public static final String FILE_ATTRIBUTE = "source.file";
  /** Frame attribute: the frame's page in that file, 0-based. */
  public static final String PAGE_ATTRIBUTE = "source.page";
  /** Frame attribute: the number of pages of that file. */
  public static final String PAGES_ATTRIBUTE = "source.pages";

  /** Room kept under the record limit for the key, the record and batch headers. */
  public static final int RECORD_OVERHEAD_BYTES = 512;

  /** Frames of a stack sent ahead of the oldest unacknowledged one: keeps the pipe full, memory bounded. */
  private static final int MAX_FRAMES_IN_FLIGHT = 4;

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final KafkaLimits limits;
  private final boolean ownsProducer;
  private final Serializer<Frame> frameSerializer;
  private final Serializer<DeadLetter> deadLetterSerializer;

  /**
   * A publisher over an existing producer (the caller keeps ownership). Its value serializer must
   * pass bytes through: frames are serialized here to check their size before sending.
   */
  public FramePublisher(Producer<String, byte[]> producer, Topics topics, KafkaLimits limits) {
    this(producer, topics, limits, false);
  }

  private FramePublisher(Producer<String, byte[]> producer, Topics topics, KafkaLimits limits, boolean owns) {
    this.producer = producer;
    this.topics = topics;
    this.limits = limits;
    this.ownsProducer = owns;
    this.frameSerializer = topics.frames().valueSerde().serializer();
    this.deadLetterSerializer = topics.deadLetters().valueSerde().serializer();
  }

  /**
   * Producer settings: idempotent, {@code acks=all}, the record size and compression of
   * {@code limits}, string keys and byte-array values.
   */
  public static Map<String, Object> producerProperties(KafkaSettings kafka) {
    Map<String, Object> props = new HashMap<>(kafka.producer());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Idempotence keeps order with up to 5 requests in flight per connection.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /**
   * A publisher with its own producer, closed with the publisher.
   *
   * @param overrides producer settings applied last (e.g. {@code delivery.timeout.ms})
   */
  public static FramePublisher connect(KafkaSettings kafka, Topics topics, Map<String, Object> overrides) {
    Map<String, Object> props = producerProperties(kafka);
    props.putAll(overrides);
    return new FramePublisher(new KafkaProducer<>(props), topics, kafka.limits(), true);
  }

  public Topics topics() {
    return topics;
  }

  public KafkaLimits limits() {
    return limits;
  }

  /** The largest frame value this publisher sends. */
  public long maxFrameBytes() {
    return (long) limits.maxRecordBytes() - RECORD_OVERHEAD_BYTES;
  }

  /**
   * Publishes one frame and waits for its acknowledgement.
   *
   * @param page the source page, reported back in {@link PublishedFrame#page()}
   * @throws FrameTooLargeException before sending, when the record would be over the limit
   * @throws PublishException when the broker does not acknowledge it
   */
  public PublishedFrame publish(Frame frame, int page) {
    AcquisitionIds.check(frame.getAcquisitionId());
    byte[] value = serialize(frame);
    checkSize(value.length, describe(frame, page));
    return await(send(frame, value), frame.getAcquisitionId(), frame.getFrameIndex(), page, value.length, List.of());
  }

  /**
   * Publishes every page of a stack as frames {@code firstFrameIndex + page}, with the file's
   * attributes, the caller's and the page's ({@link #PAGE_ATTRIBUTE}, {@link #PAGES_ATTRIBUTE},
   * {@link ImageStack#CONVERSION_ATTRIBUTE}).
   *
   * @see #publishStack(String, long, ImageStack, Instant, Map, IntPredicate, PublishProgress)
   */
  public List<PublishedFrame> publishStack(String acquisitionId, long firstFrameIndex, ImageStack stack,
      Instant capturedAt, Map<String, String> attributes, PublishProgress progress) throws ImageReadException {
    return publishStack(acquisitionId, firstFrameIndex, stack, capturedAt, attributes, page -> true, progress);
  }

  /**
   * Publishes the pages of a stack that {@code pages} accepts, in page order, as frames
   * {@code firstFrameIndex + page}.
   *
   * <p>Before anything is sent, every page is checked from the headers: an unsupported page
   * raises {@link dev.tessera.imaging.io.UnsupportedImageException}, a page whose record would be
   * too large a {@link FrameTooLargeException}. A page that fails to decode later (a truncated
   * file) raises its {@link ImageReadException} after the frames already sent are acknowledged.
   *
   * @param capturedAt the frames' capture time
   * @param progress told after each acknowledged frame
   * @return the acknowledged frames, in page order
   * @throws PublishException when the broker does not acknowledge a frame
   */
  public List<PublishedFrame> publishStack(String acquisitionId, long firstFrameIndex, ImageStack stack,
      Instant capturedAt, Map<String, String> attributes, IntPredicate pages, PublishProgress progress)
      throws ImageReadException {
    List<PageInfo> selected = checkStack(acquisitionId, firstFrameIndex, stack, capturedAt, attributes, pages);
    List<PublishedFrame> published = new ArrayList<>();
    Deque<InFlight> inFlight = new ArrayDeque<>();
    try {
      for (PageInfo info : selected) {
        ImagePage page = stack.read(info.page());
        long index = firstFrameIndex + info.page();
        Frame frame = frame(acquisitionId, index, stack, capturedAt, attributes, page.info(), ByteBuffer.wrap(page.pixels()));
        frame.setPixelSizeMicrons(page.pixelSizeMicrons());
        frame.setT(page.plane().t());
        frame.setZ(page.plane().z());
        frame.setC(page.plane().c());
        byte[] value = serialize(frame);
        checkSize(value.length, describe(frame, info.page()));
        inFlight.add(new InFlight(send(frame, value), index, info.page(), value.length));
        if (inFlight.size() >= MAX_FRAMES_IN_FLIGHT) {
          acknowledge(inFlight.poll(), acquisitionId, published, selected.size(), progress, inFlight);
        }
      }
      while (!inFlight.isEmpty()) {
        acknowledge(inFlight.poll(), acquisitionId, published, selected.size(), progress, inFlight);
      }
      return published;
    } finally {
      // A decode error or a too-large page leaves frames in flight: wait for them, so callers know
      // what was published (they were told through progress).
      while (!inFlight.isEmpty()) {
        InFlight f = inFlight.poll();
        try {
          RecordMetadata m = f.future().get();
          PublishedFrame done = new PublishedFrame(acquisitionId, f.frameIndex(), f.page(), m, f.bytes());
          published.add(done);
          progress.published(done, published.size(), selected.size());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (ExecutionException e) {
          // Already failing for another reason; this frame simply was not published.
        }
      }
    }
  }

  /**
   * Checks, from the file's headers, that the selected pages of a stack can be published: every
   * page is supported and no record would exceed the size limit. {@link #publishStack} runs
   * this first; a caller that must record something before the first frame is sent runs it too.
   *
   * @return the selected pages
   * @throws dev.tessera.imaging.io.UnsupportedImageException for an unsupported page
   * @throws FrameTooLargeException for a page over the limit
   */
  public List<PageInfo> checkStack(String acquisitionId, long firstFrameIndex, ImageStack stack, Instant capturedAt,
      Map<String, String> attributes, IntPredicate pages) throws ImageReadException {
    AcquisitionIds.check(acquisitionId);
    if (firstFrameIndex < 0) {
      throw new IllegalArgumentException("frame index " + firstFrameIndex + " is negative");
    }
    List<PageInfo> selected = new ArrayList<>();
    for (PageInfo info : stack.checkAllPages()) {
      if (pages.test(info.page())) {
        selected.add(info);
      }
    }
    for (PageInfo info : selected) {
      long index = firstFrameIndex + info.page();
      Frame template = frame(acquisitionId, index, stack, capturedAt, attributes, info, ByteBuffer.allocate(0));
      // The exact size minus the empty pixel field, plus the pixels and their length prefix, plus
      // room for what only decoding tells: t, z, c and a per-page pixel size (27 bytes at most).
      long estimate = serialize(template).length - 1 + varintLength(info.pixelBytes()) + info.pixelBytes() + 32;
      checkSize(estimate, stack.source() + " page " + info.page() + " (" + info.width() + "x" + info.height() + " "
          + info.pixelType() + ", frame " + index + " of acquisition " + acquisitionId + ")");
    }
    return selected;
  }

  /**
   * Publishes a dead letter and waits for its acknowledgement.
   *
   * @throws PublishException when the broker does not acknowledge it
   */
  public RecordMetadata publishDeadLetter(DeadLetter letter) {
    String topic = topics.deadLetters().name();
    byte[] value = deadLetterSerializer.serialize(topic, letter);
    try {
      return producer.send(new ProducerRecord<>(topic, letter.getKey(), value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("Interrupted while publishing a dead letter to " + topic, e, List.of());
    } catch (ExecutionException e) {
      throw new PublishException("Cannot publish a dead letter (" + letter.getReason() + ") to " + topic + ": "
          + e.getCause().getMessage(), e.getCause(), List.of());
    }
  }

  /**
   * The partition of the frames topic that holds {@code acquisitionId}'s frames: the producer's
   * default key partitioning (murmur2 of the key), computed here so a reader can find them.
   */
  public int partitionOf(String acquisitionId) {
    String topic = topics.frames().name();
    List<PartitionInfo> partitions = producer.partitionsFor(topic);
    if (partitions == null || partitions.isEmpty()) {
      throw new PublishException("Topic " + topic + " has no partitions (does it exist?)", null, List.of());
    }
    return Utils.toPositive(Utils.murmur2(acquisitionId.getBytes(StandardCharsets.UTF_8))) % partitions.size();
  }

  @Override
  public void close() {
    if (ownsProducer) {
      producer.close(Duration.ofSeconds(30));
    }
  }

  private record InFlight(Future<RecordMetadata> future, long frameIndex, int page, int bytes) {}

  private void acknowledge(InFlight f, String acquisitionId, List<PublishedFrame> published, int total,
      PublishProgress progress, Deque<InFlight> rest) {
    PublishedFrame done = await(f.future(), acquisitionId, f.frameIndex(), f.page(), f.bytes(), published, rest);
    published.add(done);
    progress.published(done, published.size(), total);
  }

  private Future<RecordMetadata> send(Frame frame, byte[] value) {
    String key = frame.getAcquisitionId();
    int partition = partitionOf(key);
    return producer.send(new ProducerRecord<>(topics.frames().name(), partition, key, value));
  }

  private PublishedFrame await(Future<RecordMetadata> future, String acquisitionId, long frameIndex, int page,
      int bytes, List<PublishedFrame> publishedBefore) {
    return await(future, acquisitionId, frameIndex, page, bytes, publishedBefore, new ArrayDeque<>());
  }

  private PublishedFrame await(Future<RecordMetadata> future, String acquisitionId, long frameIndex, int page,
      int bytes, List<PublishedFrame> publishedBefore, Deque<InFlight> rest) {
    try {
      return new PublishedFrame(acquisitionId, frameIndex, page, future.get(), bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("Interrupted while publishing frame " + frameIndex + " of acquisition "
          + acquisitionId, e, publishedBefore);
    } catch (ExecutionException e) {
      // Frames sent after the failed one may still have been stored: wait for them so the list of
      // acknowledged frames is exact.
      List<PublishedFrame> acknowledged = new ArrayList<>(publishedBefore);
      while (!rest.isEmpty()) {
        InFlight later = rest.poll();
        try {
          acknowledged.add(new PublishedFrame(acquisitionId, later.frameIndex(), later.page(), later.future().get(),
              later.bytes()));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        } catch (ExecutionException ignored) {
          // Not stored either.
        }
      }
      throw new PublishException("Cannot publish frame " + frameIndex + " of acquisition " + acquisitionId + " to "
          + topics.frames().name() + ": " + e.getCause().getMessage(), e.getCause(), acknowledged);
    }
  }

  private Frame frame(String acquisitionId, long index, ImageStack stack, Instant capturedAt,
      Map<String, String> attributes, PageInfo info, ByteBuffer pixels) {
    Map<String, String> all = new LinkedHashMap<>(stack.attributes());
    all.putAll(attributes);
    all.put(PAGE_ATTRIBUTE, Integer.toString(info.page()));
    all.put(PAGES_ATTRIBUTE, Integer.toString(stack.pageCount()));
    if (info.conversion() != Conversion.NONE) {
      all.put(ImageStack.CONVERSION_ATTRIBUTE, info.conversion().label());
    }
    return Frame.newBuilder()
        .setAcquisitionId(acquisitionId)
        .setFrameIndex(index)
        .setWidth(info.width())
        .setHeight(info.height())
        .setPixelType(info.pixelType())
        .setPixels(pixels)
        .setCapturedAt(capturedAt)
        .setPixelSizeMicrons(stack.pixelSizeMicrons().orElse(null))
        .setAttributes(all)
        .build();
  }

  private byte[] serialize(Frame frame) {
    return frameSerializer.serialize(topics.frames().name(), frame);
  }

  private void checkSize(long valueBytes, String what) {
    if (valueBytes > maxFrameBytes()) {
      throw new FrameTooLargeException(what + " would be a record of " + valueBytes + " bytes, over the limit of "
          + maxFrameBytes() + " bytes (max-record-bytes=" + limits.maxRecordBytes() + " less "
          + RECORD_OVERHEAD_BYTES + " bytes of record overhead); nothing of it was published. Raise"
          + " max-record-bytes, or bin or crop the images", valueBytes, maxFrameBytes());
    }
  }

  private static String describe(Frame frame, int page) {
    String file = frame.getAttributes().get(FILE_ATTRIBUTE);
    return "frame " + frame.getFrameIndex() + " of acquisition " + frame.getAcquisitionId() + " (" + frame.getWidth()
        + "x" + frame.getHeight() + " " + frame.getPixelType() + (file == null ? "" : ", " + file + " page " + page) + ")";
  }

  private static int varintLength(long value) {
    // Avro writes lengths as zig-zag varints: 7 bits per byte.
    long zigzag = value << 1;
    int bytes = 1;
    while ((zigzag >>>= 7) != 0) {
      bytes++;
    }
    return bytes;
  }
}
