package dev.tessera.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the bench's figures, on trips whose times are known. */
class BenchFiguresTest {

  /** A frame published at {@code t}, then each hop taking the given milliseconds. */
  private static FrameTrip trip(long index, long t, long... hops) {
    long tiled = t + hops[0];
    long first = tiled + hops[1];
    long last = first + hops[2];
    long stitched = last + hops[3];
    return new FrameTrip(index, t, tiled, first, last, stitched, stitched + hops[4]);
  }

  @Test
  void eachHopIsTheMedianOverTheFramesAndTheLatencyRunsFromPublishToRead() {
    List<FrameTrip> trips = List.of(trip(0, 1000, 10, 300, 0, 20, 40), trip(1, 1500, 30, 500, 100, 10, 60),
        trip(2, 2000, 20, 400, 50, 30, 50));

    assertThat(StageBreakdown.of(trips).medianMillis()).containsExactly(20, 400, 50, 20, 50);
    assertThat(trips.get(1).latency()).isEqualTo(700);
    assertThat(StageBreakdown.of(trips).toJson()).isEqualTo("[20.0, 400.0, 50.0, 20.0, 50.0]");
    assertThat(StageBreakdown.of(List.of()).medianMillis()).containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void steadyThroughputCountsFramesBetweenTheFirstAndTheLastReadNotTheFillTime() {
    // published at once at t=0; read at 5000 (the pipeline's fill time), 5500, 6000, 6500
    List<FrameTrip> trips = List.of(trip(0, 0, 0, 4000, 0, 0, 1000), trip(1, 0, 0, 4500, 0, 0, 1000),
        trip(2, 0, 0, 5000, 0, 0, 1000), trip(3, 0, 0, 5500, 0, 0, 1000));
    PipelineProbe.Outcome o = new PipelineProbe.Outcome(trips, 5, 1, 6.5, 0.9,
        new WorkerTimes.Window(6.5, 6, 0.2, 4, 4, 4));

    assertThat(o.steadyFramesPerSecond()).isEqualTo(2.0);
    assertThat(o.missing()).isEqualTo(1);
    assertThat(o.sortedLatencies()).containsExactly(5000, 5500, 6000, 6500);
    assertThat(o.arrivalFramesPerSecond()).isZero();
  }

  @Test
  void theArrivalRateIsMeasuredFromThePublishTimes() {
    List<FrameTrip> trips = List.of(trip(0, 0, 1, 1, 1, 1, 1), trip(1, 400, 1, 1, 1, 1, 1),
        trip(2, 800, 1, 1, 1, 1, 1));
    PipelineProbe.Outcome o = new PipelineProbe.Outcome(trips, 3, 0, 1, 0.5, new WorkerTimes.Window(1, 0, 0, 0, 0, 0));

    assertThat(o.arrivalFramesPerSecond()).isEqualTo(2.5);
  }

  @Test
  void theWorkersWindowSeparatesComputingFromTransactionsAndTheRest() {
    WorkerTimes times = new WorkerTimes();
    WorkerTimes.Snapshot before = times.snapshot();
    times.batchScored(1, 0, 300_000_000L);
    times.committed(1, 0, 320_000_000L);
    times.batchScored(2, 0, 500_000_000L);
    times.committed(2, 0, 560_000_000L);
    WorkerTimes.Window w = times.snapshot().since(before);

    assertThat(w.computeSeconds()).isEqualTo(0.8);
    assertThat(w.transactionOverheadSeconds()).isCloseTo(0.08, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(w.tiles()).isEqualTo(3);
    assertThat(w.batches()).isEqualTo(2);
    assertThat(w.transactions()).isEqualTo(2);
    assertThat(w.otherSeconds()).isEqualTo(w.seconds() - w.computeSeconds() - w.transactionOverheadSeconds());
    assertThat(w.perWorker(2).seconds()).isEqualTo(2 * w.seconds());
  }

  @Test
  void theRateIsFramesPerSecondOrAFractionOfBareOrNone() {
    assertThat(ArrivalRate.parse("none")).isEmpty();
    assertThat(ArrivalRate.parse("1.5").orElseThrow().framesPerSecond(10)).isEqualTo(1.5);
    assertThat(ArrivalRate.parse("0.8x").orElseThrow().framesPerSecond(2.5)).isEqualTo(2.0);
    assertThat(ArrivalRate.parse("0.8X").orElseThrow().toString()).isEqualTo("0.8x bare");
    for (String bad : List.of("0", "-1", "x", "fast", "0x", "Infinity")) {
      assertThatThrownBy(() -> ArrivalRate.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--rate must be 'none', frames per second (e.g. 1.5) or a fraction of the bare"
              + " throughput (e.g. 0.8x), was '" + bad + "'");
    }
  }
}
