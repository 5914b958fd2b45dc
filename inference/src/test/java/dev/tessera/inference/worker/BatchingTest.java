package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.schemas.DeadLetterError;
import dev.tessera.schemas.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchingTest {

  @Test
  void groupsBySizeInArrivalOrderAndSplitsAtTheMaximum() {
    List<String> items = List.of("a572", "b700", "c572", "d572", "e700", "f572");

    List<List<String>> batches = Batches.of(items, s -> s.substring(1), 3);

    assertThat(batches).containsExactly(List.of("a572", "c572", "d572"), List.of("f572"), List.of("b700", "e700"));
  }

  @Test
  void aMaximumOfOneGivesOneTilePerBatch() {
    assertThat(Batches.of(List.of(1, 2, 3), i -> 0, 1)).containsExactly(List.of(1), List.of(2), List.of(3));
  }

  @Test
  void aMaximumBelowOneIsRefused() {
    assertThatThrownBy(() -> Batches.of(List.of(1), i -> 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static PendingTiles.Entry entry(int partition, long offset, long arrived) {
    return new PendingTiles.Entry("k", partition, offset, null, null,
        new Rejection(DeadLetterError.INVALID_PIXELS, "y"), arrived, 0L);
  }

  @Test
  void pendingTilesAreReadyWhenFullOrWhenTheOldestHasLingered() {
    PendingTiles pending = new PendingTiles(3, Duration.ofMillis(20).toNanos());
    assertThat(pending.ready(0)).isFalse();
    assertThat(pending.nanosUntilReady(0)).isEqualTo(-1);

    pending.add(entry(0, 0, 1_000_000));
    pending.add(entry(0, 1, 5_000_000));
    assertThat(pending.ready(20_999_999)).isFalse();
    assertThat(pending.nanosUntilReady(11_000_000)).isEqualTo(10_000_000);
    assertThat(pending.ready(21_000_000)).isTrue();

    pending.add(entry(1, 7, 6_000_000));
    assertThat(pending.ready(6_000_000)).isTrue();
    assertThat(pending.nanosUntilReady(6_000_000)).isZero();
  }

  @Test
  void drainingTakesEverythingAndCommitsTheOffsetAfterTheLastOfEachPartition() {
    PendingTiles pending = new PendingTiles(10, 0);
    pending.add(entry(0, 4, 0));
    pending.add(entry(1, 9, 0));
    pending.add(entry(0, 5, 0));

    List<PendingTiles.Entry> drained = pending.drain();

    assertThat(pending.isEmpty()).isTrue();
    assertThat(PendingTiles.nextOffsets(drained)).isEqualTo(Map.of(0, 6L, 1, 10L));
  }

  @Test
  void revokedPartitionsAreForgotten() {
    PendingTiles pending = new PendingTiles(10, 0);
    pending.add(entry(0, 4, 0));
    pending.add(entry(1, 9, 0));
    pending.add(entry(2, 1, 0));

    pending.dropPartitions(List.of(0, 2));

    assertThat(pending.drain()).extracting(PendingTiles.Entry::partition).containsExactly(1);
  }
}
