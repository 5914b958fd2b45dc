package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.records.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void copiesASmallOriginalAndKeepsItsSourceCoordinates() {
    byte[] original = {1, 2, 3};
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    DeadLetter letter = DeadLetters.of("tiler", "tessera.frames", 2, 99L, "acq-1",
        DeadLetterError.INVALID_FRAME, "3x2 UINT16 needs 12 bytes of pixels, got 3", original);

    assertThat(letter.getStage()).isEqualTo("tiler");
    assertThat(letter.getSourceTopic()).isEqualTo("tessera.frames");
    assertThat(letter.getSourcePartition()).isEqualTo(2);
    assertThat(letter.getSourceOffset()).isEqualTo(99L);
    assertThat(letter.getKey()).isEqualTo("acq-1");
    assertThat(letter.getErrorType()).isEqualTo("invalid-frame");
    assertThat(letter.getReason()).isEqualTo("3x2 UINT16 needs 12 bytes of pixels, got 3");
    assertThat(letter.getOriginalSize()).isEqualTo(3L);
    assertThat(letter.getOriginal()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(letter.getOriginalReference()).isNull();
    assertThat(letter.getFailedAt()).isBetween(before, Instant.now());
  }

  @Test
  void copiesAnOriginalOfExactlyTheCopyLimit() {
    DeadLetter letter = DeadLetters.of("ingest", "tessera.frames", 0, 1L, null, DeadLetterError.FRAME_TOO_LARGE, "r",
        new byte[DeadLetters.MAX_COPIED_BYTES]);

    assertThat(letter.getOriginal().remaining()).isEqualTo(65_536);
    assertThat(letter.getOriginalReference()).isNull();
  }

  @Test
  void referencesALargeOriginalInsteadOfCopyingIt() {
    DeadLetter letter = DeadLetters.of("tiler", "tessera.frames", 2, 99L, "acq-1", DeadLetterError.INVALID_FRAME, "r",
        new byte[DeadLetters.MAX_COPIED_BYTES + 1]);

    assertThat(letter.getOriginal()).isNull();
    assertThat(letter.getOriginalSize()).isEqualTo(65_537L);
    assertThat(letter.getOriginalReference()).isEqualTo("tessera.frames-2@99");
  }

  @Test
  void recordsAMissingOriginalAsSizeMinusOne() {
    DeadLetter letter = DeadLetters.of("ingest", null, -1, -1L, null, DeadLetterError.UNREADABLE_IMAGE, "r", null);

    assertThat(letter.getOriginal()).isNull();
    assertThat(letter.getOriginalReference()).isNull();
    assertThat(letter.getOriginalSize()).isEqualTo(-1L);
  }

  @Test
  void equalsItselfAfterARoundTripThroughItsSerde() {
    DeadLetter letter = DeadLetters.of("stitcher", "tessera.tile-masks", 1, 5L, "acq/3",
        DeadLetterError.DESERIALIZATION, "not Avro", new byte[] {0x7B, 0x7D});
    AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class);

    DeadLetter decoded = serde.deserialize("tessera.dead-letters", serde.serialize("tessera.dead-letters", letter));

    assertThat(decoded).isEqualTo(letter);
    // Avro's record equality compares timestamps as epoch millis; the generated setter truncates
    // the Instant to millis, so the Instant itself matches too.
    assertThat(decoded.getFailedAt()).isEqualTo(letter.getFailedAt());
  }
}
