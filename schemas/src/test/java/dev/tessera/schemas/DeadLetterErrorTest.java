package dev.tessera.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tessera.records.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DeadLetterErrorTest {

  /**
   * The catalogue as released: consumers of the dead-letter topic match on these codes, so a
   * renamed, removed or added code must show up here (and in schemas/README.md).
   */
  @Test
  void catalogueListsEveryErrorTypeWithItsWireCode() {
    Map<String, String> codes = new LinkedHashMap<>();
    Arrays.stream(DeadLetterError.values()).forEach(e -> codes.put(e.name(), e.code()));

    assertThat(codes).containsExactly(
        entry("DESERIALIZATION", "deserialization"),
        entry("UNREADABLE_IMAGE", "unreadable-image"),
        entry("UNSUPPORTED_IMAGE", "unsupported-image"),
        entry("FRAME_TOO_LARGE", "frame-too-large"),
        entry("INVALID_FRAME", "invalid-frame"),
        entry("FRAME_OVER_LIMIT", "frame-over-limit"),
        entry("NULL_VALUE", "null-value"),
        entry("INVALID_TILE_SIZE", "invalid-tile-size"),
        entry("INVALID_PIXELS", "invalid-pixels"),
        entry("INVALID_NORMALIZATION", "invalid-normalization"),
        entry("INVALID_REGION", "invalid-region"),
        entry("INFERENCE_FAILED", "inference-failed"),
        entry("GEOMETRY_MISMATCH", "geometry-mismatch"),
        entry("WRONG_KEY", "wrong-key"),
        entry("INVALID_TILE_MASK", "invalid-tile-mask"),
        entry("MIXED_MODELS", "mixed-models"),
        entry("INCOMPLETE_FRAME", "incomplete-frame"),
        entry("FRAME_CLOSED", "frame-closed"),
        entry("TOO_MANY_INSTANCES", "too-many-instances"),
        entry("DUPLICATE_FRAME_ID", "duplicate-frame-id"),
        entry("FAILED_TILES", "failed-tiles"),
        entry("FRAME_OUT_OF_ORDER", "frame-out-of-order"),
        entry("MISSING_FRAMES", "missing-frames"),
        entry("OBJECTS_CONTRADICT_MASK", "objects-contradict-mask"),
        entry("MASK_WITHOUT_INSTANCES", "mask-without-instances"),
        entry("UNPAIRED_FRAME", "unpaired-frame"),
        entry("PROCESSING_ERROR", "processing-error"),
        entry("PRODUCTION_ERROR", "production-error"));
  }

  @Test
  void everyErrorTypeHasAOneSentenceMeaning() {
    assertThat(DeadLetterError.values()).allSatisfy(e -> assertThat(e.meaning())
        .as(e.name()).matches("[A-Z][^\\n]*\\.").doesNotContain(". "));
  }

  @Test
  void theReadmeTableDocumentsEveryCodeWithItsMeaning() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

    assertThat(DeadLetterError.values()).allSatisfy(e ->
        assertThat(readme).as(e.name()).containsPattern("\\| `" + e.code() + "` \\| [^|\\n]+ \\| "
            + Pattern.quote(e.meaning()) + " \\|\\n"));
  }

  @Test
  void aDeadLetterCarriesTheWireCodeOfItsErrorType() {
    DeadLetter letter = DeadLetters.of("stitcher", "tessera.tile-masks", 0, 7L, "acq/1",
        DeadLetterError.INCOMPLETE_FRAME, "frame acq/1 was incomplete", null);

    assertThat(letter.getErrorType()).isEqualTo("incomplete-frame");
    assertThat(DeadLetterError.INCOMPLETE_FRAME).hasToString("incomplete-frame");
  }

  @Test
  void aRejectionCarriesItsErrorTypeAndReasonWithoutAStackTrace() {
    Rejection r = new Rejection(DeadLetterError.WRONG_KEY, "the record key 'a/2' is not the key 'a/1'");

    assertThat(r.errorType()).isEqualTo(DeadLetterError.WRONG_KEY);
    assertThat(r.reason()).isEqualTo("the record key 'a/2' is not the key 'a/1'");
    assertThat(r).hasMessage("the record key 'a/2' is not the key 'a/1'");
    assertThat(r.getStackTrace()).isEmpty();
  }

  @Test
  void aRejectionWithoutAnErrorTypeIsRefused() {
    assertThatThrownBy(() -> new Rejection(null, "why"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a rejection needs an error type (reason: why)");
  }
}
