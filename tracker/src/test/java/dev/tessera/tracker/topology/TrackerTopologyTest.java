package dev.tessera.tracker.topology;

import static dev.tessera.tracker.TrackerFixtures.discs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.tracking.Linker;
import dev.tessera.records.DeadLetter;
import dev.tessera.records.Mask;
import dev.tessera.records.ObjectTable;
import dev.tessera.records.Track;
import dev.tessera.records.TrackEvent;
import dev.tessera.records.TrackSpan;
import dev.tessera.records.TrackSummary;
import dev.tessera.records.TrackedCell;
import dev.tessera.schemas.KafkaLimits;
import dev.tessera.schemas.KafkaSettings;
import dev.tessera.schemas.Topics;
import dev.tessera.tracker.TrackerFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerTopologyTest {

  private static final Topics TOPICS = Topics.defaults();
  private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
  private static final TrackerSettings SETTINGS = new TrackerSettings(Linker.Options.DEFAULTS, Duration.ofSeconds(10),
      Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofSeconds(1), KafkaLimits.defaults());

  /** The lapse of LinkerTest: two cells, the left divides at frame 2, the right is missing there; frame 3 is lost. */
  private static final int[][] LAPSE = {
      discs(new int[] {12, 15, 7}, new int[] {45, 15, 6}),
      discs(new int[] {14, 15, 7}, new int[] {46, 15, 6}),
      discs(new int[] {11, 15, 5}, new int[] {19, 15, 5}),
      null,
      discs(new int[] {10, 15, 5}, new int[] {20, 15, 5}, new int[] {47, 15, 6})};

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> masks;
  private TestInputTopic<String, byte[]> objects;
  private TestOutputTopic<String, Track> tracks;
  private TestOutputTopic<String, TrackSummary> summaries;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void start() {
    Properties props = TrackerTopology.streamsConfig(KafkaSettings.plaintext("localhost:9"), TOPICS, "tracker-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(TrackerTopology.build(TOPICS, SETTINGS), props, START);
    masks = driver.createInputTopic(TOPICS.masks().name(), new StringSerializer(), new ByteArraySerializer());
    objects = driver.createInputTopic(TOPICS.objects().name(), new StringSerializer(), new ByteArraySerializer());
    tracks = driver.createOutputTopic(TOPICS.tracks().name(), new StringDeserializer(),
        TOPICS.tracks().valueSerde().deserializer());
    summaries = driver.createOutputTopic(TOPICS.trackSummaries().name(), new StringDeserializer(),
        TOPICS.trackSummaries().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), new StringDeserializer(),
        TOPICS.deadLetters().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void tracksEachFrameInOrderThroughADivisionAndALostFrameThenSummarisesTheQuietAcquisition() {
    for (int f : new int[] {0, 1, 2, 4}) {
      pipe("cam", f, LAPSE[f]);
    }

    List<Track> out = tracks.readValuesToList();
    assertThat(out).extracting(Track::getFrameIndex).containsExactly(0L, 1L, 2L, 4L);
    assertThat(out.get(0).getCells()).containsExactly(cell(1, 1, 0, TrackEvent.START), cell(2, 2, 0, TrackEvent.START));
    assertThat(out.get(1).getCells()).containsExactly(cell(1, 1, 0, TrackEvent.CONTINUE),
        cell(2, 2, 0, TrackEvent.CONTINUE));
    assertThat(out.get(2).getCells()).containsExactly(cell(1, 3, 1, TrackEvent.DIVISION),
        cell(2, 4, 1, TrackEvent.DIVISION));
    assertThat(out.get(2).getDivisions()).containsExactly(1);
    assertThat(out.get(2).getEnded()).containsExactly(new TrackSpan(1, 0L, 1L, 0));
    assertThat(out.get(3).getCells()).as("frame 3 never came: each cell begins a track, child of its own before the"
        + " gap, as the CTC has it").containsExactly(cell(1, 5, 3, TrackEvent.RESUME), cell(2, 6, 4, TrackEvent.RESUME),
        cell(3, 7, 2, TrackEvent.RESUME));
    assertThat(out.get(3).getEnded()).containsExactly(new TrackSpan(3, 2L, 2L, 1), new TrackSpan(4, 2L, 2L, 1),
        new TrackSpan(2, 0L, 1L, 0));
    assertThat(out).allSatisfy(t -> assertThat(t.getModelId()).isEqualTo(TrackerFixtures.MODEL));
    assertThat(out.get(3).getCapturedAt()).isEqualTo(TrackerFixtures.CAPTURED.plusSeconds(4));

    List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters).singleElement().satisfies(l -> {
      assertThat(l.getErrorType()).isEqualTo("missing-frames");
      assertThat(l.getStage()).isEqualTo("tracker");
      assertThat(l.getReason()).isEqualTo("frame 3 of acquisition 'cam' never reached the tracker before frame 4;"
          + " frame 4 is tracked and tracks are carried across the gap");
      assertThat(l.getOriginalReference()).isEqualTo("tessera.masks-0@3");
    });

    driver.advanceWallClockTime(Duration.ofSeconds(59));
    assertThat(summaries.isEmpty()).as("not quiet for a minute yet").isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    TrackSummary summary = summaries.readValue();
    assertThat(summary.getTracks()).containsExactly(new TrackSpan(1, 0L, 1L, 0), new TrackSpan(2, 0L, 1L, 0),
        new TrackSpan(3, 2L, 2L, 1), new TrackSpan(4, 2L, 2L, 1), new TrackSpan(5, 4L, 4L, 3),
        new TrackSpan(6, 4L, 4L, 4), new TrackSpan(7, 4L, 4L, 2));
    assertThat(List.of(summary.getFirstFrameIndex(), summary.getLastFrameIndex(), summary.getFramesTracked(),
        summary.getFramesRejected(), summary.getFramesMissing())).containsExactly(0L, 4L, 4L, 0L, 1L);
    assertThat(summary.getDivisions()).isEqualTo(1);
    driver.advanceWallClockTime(Duration.ofMinutes(2));
    assertThat(summaries.isEmpty()).as("one summary per quiet period").isTrue();

    // A later frame continues the same tracks; the next quiet period brings a new summary.
    pipe("cam", 5, LAPSE[4]);
    assertThat(tracks.readValue().getCells()).extracting(TrackedCell::getTrackId).containsExactly(5, 6, 7);
    driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertThat(summaries.readValue().getTracks()).contains(new TrackSpan(7, 4L, 5L, 2));
  }

  @Test
  void pairsAFramesHalvesWhicheverComesFirstAndTracksFramesInIndexOrder() {
    masks.pipeInput("cam", TrackerFixtures.encode(TOPICS, mask("cam", 0, LAPSE[0])), START);
    masks.pipeInput("cam", TrackerFixtures.encode(TOPICS, mask("cam", 1, LAPSE[1])), START);
    objects.pipeInput("cam", TrackerFixtures.encode(TOPICS, table("cam", 1, LAPSE[1])), START);
    assertThat(tracks.isEmpty()).as("frame 1 waits for frame 0's object table").isTrue();
    objects.pipeInput("cam", TrackerFixtures.encode(TOPICS, table("cam", 0, LAPSE[0])), START);

    assertThat(tracks.readValuesToList()).extracting(Track::getFrameIndex).containsExactly(0L, 1L);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void acquisitionsAreTrackedApart() {
    pipe("a", 0, LAPSE[0]);
    pipe("b", 7, LAPSE[1]);
    pipe("a", 1, LAPSE[1]);

    assertThat(tracks.readKeyValuesToList()).extracting(kv -> kv.key + "/" + kv.value.getFrameIndex() + ":"
        + kv.value.getCells().stream().map(c -> c.getTrackId() + "" + c.getEvent().name().charAt(0)).toList())
        .containsExactly("a/0:[1S, 2S]", "b/7:[1S, 2S]", "a/1:[1C, 2C]");
    assertThat(deadLetters.isEmpty()).as("an acquisition may start at any frame index").isTrue();
  }

  @Test
  void aFrameAtOrBeforeTheLastTrackedOneIsDeadLetteredAndChangesNothing() {
    pipe("cam", 0, LAPSE[0]);
    pipe("cam", 1, LAPSE[1]);
    pipe("cam", 0, LAPSE[0]);

    assertThat(tracks.readValuesToList()).hasSize(2);
    List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("frame-out-of-order", "frame-out-of-order");
    assertThat(letters.get(0).getReason()).isEqualTo("the mask of frame 0 of acquisition 'cam' arrived after frame 1"
        + " was tracked; tracks are not rewritten, so it is not tracked");
    assertThat(letters.get(1).getReason()).startsWith("the object table of frame 0 of acquisition 'cam'");
    assertThat(letters.get(1).getSourceTopic()).isEqualTo("tessera.objects");

    pipe("cam", 2, LAPSE[2]);
    assertThat(tracks.readValue().getDivisions()).as("tracking went on as if the copy never came").containsExactly(1);
  }

  @Test
  void anObjectTableThatContradictsItsMaskIsDeadLetteredAndTracksGoOnAcrossTheFrame() {
    pipe("cam", 0, LAPSE[0]);
    int[] oneCell = discs(new int[] {14, 15, 7});
    masks.pipeInput("cam", TrackerFixtures.encode(TOPICS, mask("cam", 1, LAPSE[1])), START);
    objects.pipeInput("cam", TrackerFixtures.encode(TOPICS, table("cam", 1, oneCell)), START);
    pipe("cam", 2, LAPSE[1]);

    int rightArea = table("cam", 1, LAPSE[1]).getCells().get(1).getArea();
    assertThat(deadLetters.readValuesToList()).singleElement().satisfies(l -> {
      assertThat(l.getErrorType()).isEqualTo("objects-contradict-mask");
      assertThat(l.getReason()).isEqualTo("frame 1 of acquisition 'cam': the object table lists 1 cells, the mask 2:"
          + " label 2 (" + rightArea + " px) has no row; the frame is not tracked");
      assertThat(l.getSourceTopic()).isEqualTo("tessera.masks");
    });
    assertThat(tracks.readValuesToList()).extracting(Track::getFrameIndex).containsExactly(0L, 2L);
  }

  @Test
  void aMaskWhoseObjectTableNeverComesIsDeadLetteredAfterThePairTimeoutInStreamTime() {
    pipe("cam", 0, LAPSE[0]);
    masks.pipeInput("cam", TrackerFixtures.encode(TOPICS, mask("cam", 1, LAPSE[1])), START.plusSeconds(1));
    pipe("cam", 2, LAPSE[1], START.plusSeconds(5));
    assertThat(tracks.readValuesToList()).as("frame 2 waits behind frame 1").hasSize(1);

    pipe("cam", 3, LAPSE[1], START.plusSeconds(11));

    assertThat(deadLetters.readValuesToList()).singleElement().satisfies(l -> {
      assertThat(l.getErrorType()).isEqualTo("unpaired-frame");
      assertThat(l.getReason()).isEqualTo("the mask of frame 1 of acquisition 'cam' waited 10s (stream time) for its"
          + " object table; the frame is not tracked");
    });
    List<Track> out = tracks.readValuesToList();
    assertThat(out).extracting(Track::getFrameIndex).containsExactly(2L, 3L);
    assertThat(out.get(0).getCells()).extracting(TrackedCell::getEvent).containsOnly(TrackEvent.RESUME);
  }

  @Test
  void undecodableValuesAndWrongKeysAreDeadLetteredAndTheStreamGoesOn() {
    masks.pipeInput("cam", "not avro".getBytes(StandardCharsets.US_ASCII), START);
    objects.pipeInput("cam", (byte[]) null, START);
    masks.pipeInput("other", TrackerFixtures.encode(TOPICS, mask("cam", 0, LAPSE[0])), START);
    pipe("cam", 0, LAPSE[0]);

    List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("deserialization", "deserialization",
        "wrong-key");
    assertThat(letters.get(1).getReason()).isEqualTo("the value is null (a tombstone), not an ObjectTable");
    assertThat(letters.get(2).getReason()).isEqualTo("the record key 'other' is not the acquisition id 'cam' of the"
        + " mask it carries");
    assertThat(tracks.readValuesToList()).hasSize(1);
  }

  @Test
  void aQuietAcquisitionIsForgottenAfterTheRetentionAndStartsAfreshAfter() {
    pipe("cam", 0, LAPSE[0]);
    pipe("cam", 1, LAPSE[1]);
    driver.advanceWallClockTime(Duration.ofMinutes(11));

    pipe("cam", 0, LAPSE[0]);
    assertThat(tracks.readValuesToList()).extracting(Track::getFrameIndex).containsExactly(0L, 1L, 0L);
    assertThat(deadLetters.isEmpty()).as("forgotten: frame 0 is not out of order any more").isTrue();
    assertThat(driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(TrackerTopology.TRACKS_STORE)
        .approximateNumEntries()).as("only the new tracks").isEqualTo(2);
  }

  private void pipe(String acq, long frame, int[] labels) {
    pipe(acq, frame, labels, START);
  }

  private void pipe(String acq, long frame, int[] labels, Instant at) {
    masks.pipeInput(acq, TrackerFixtures.encode(TOPICS, mask(acq, frame, labels)), at);
    objects.pipeInput(acq, TrackerFixtures.encode(TOPICS, table(acq, frame, labels)), at);
  }

  private static Mask mask(String acq, long frame, int[] labels) {
    return TrackerFixtures.mask(acq, frame, labels);
  }

  private static ObjectTable table(String acq, long frame, int[] labels) {
    return TrackerFixtures.objects(acq, frame, labels);
  }

  private static TrackedCell cell(int label, int track, int parent, TrackEvent event) {
    return new TrackedCell(label, track, parent, event);
  }
}
