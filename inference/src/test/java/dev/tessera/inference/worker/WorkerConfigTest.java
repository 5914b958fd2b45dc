package dev.tessera.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.schemas.KafkaSettings;
import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  private static final WorkerConfig BASE = WorkerConfig.of(KafkaSettings.plaintext("localhost:9092"), "worker-1");

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(BASE.groupId()).isEqualTo("tessera-inference");
    assertThat(BASE.maxBatch()).isEqualTo(WorkerConfig.AUTO_MAX_BATCH);
    assertThat(BASE.linger()).isEqualTo(Duration.ofMillis(20));
    assertThat(BASE.transactionTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(BASE.topics().tiles().name()).isEqualTo("tessera.tiles");
  }

  @Test
  void aBatchSizeOutOfRangeIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> BASE.withBatching(257, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-batch=257 must be between 1 and 256, or 0 for the device's default");
  }

  @Test
  void theAutomaticBatchIsOneTileOnTheCpuAndSixteenOnAGpu() {
    assertThat(BASE.maxBatchOn("cpu")).isEqualTo(1);
    assertThat(BASE.maxBatchOn("cuda:0")).isEqualTo(16);
    assertThat(BASE.withBatching(3, Duration.ZERO).maxBatchOn("cpu")).isEqualTo(3);
    assertThat(BASE.withBatching(3, Duration.ZERO).maxBatchOn("cuda:1")).isEqualTo(3);
  }

  @Test
  void aLingerNotWellUnderTheTransactionTimeoutIsRefused() {
    assertThatThrownBy(() -> BASE.withBatching(4, Duration.ofSeconds(20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linger=PT20S must be well under transaction-timeout=PT1M");
  }

  @Test
  void anEmptyTransactionalIdIsRefused() {
    assertThatThrownBy(() -> WorkerConfig.of(KafkaSettings.plaintext("localhost:9092"), " "))
        .hasMessage("transactional-id is empty");
  }

  @Test
  void fencingAndAuthorizationAreFatalTimeoutsAmbiguousTheRestAbortable() {
    assertThat(InferenceWorker.isFatal(new ProducerFencedException("fenced"))).isTrue();
    assertThat(InferenceWorker.isFatal(new KafkaException("wrapped", new ProducerFencedException("fenced")))).isTrue();
    assertThat(InferenceWorker.isFatal(new TransactionalIdAuthorizationException("no"))).isTrue();
    assertThat(InferenceWorker.isFatal(new TransactionAbortedException("aborted"))).isFalse();
    assertThat(InferenceWorker.isFatal(new TimeoutException("slow"))).isFalse();
    assertThat(InferenceWorker.isAmbiguous(new TimeoutException("slow"))).isTrue();
    assertThat(InferenceWorker.isAmbiguous(new TransactionAbortedException("aborted"))).isFalse();
  }
}
