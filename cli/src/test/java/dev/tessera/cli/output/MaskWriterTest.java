package dev.tessera.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.imaging.testing.TestFrames;
import dev.tessera.ingest.publish.FramePublisher;
import dev.tessera.records.Frame;
import dev.tessera.records.PixelType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskWriterTest {

  @Test
  void outputsAreNamedAfterTheirSourceFileAndPage() {
    List<Frame> frames = new ArrayList<>();
    frames.add(frame(frames.size(), "well-A1.tif", 0));
    for (int p = 0; p < 12; p++) {
      frames.add(frame(frames.size(), "stack.tiff", p));
    }
    frames.add(frame(frames.size(), "twin.tif", 0));
    frames.add(frame(frames.size(), "twin.png", 0));

    Map<Long, String> names = MaskWriter.names(frames);

    assertThat(names).hasSize(frames.size());
    assertThat(names.get(0L)).isEqualTo("well-A1");
    assertThat(names.get(1L)).isEqualTo("stack_p00");
    assertThat(names.get(12L)).isEqualTo("stack_p11");
    assertThat(names.get(13L)).isEqualTo("twin_tif");
    assertThat(names.get(14L)).isEqualTo("twin_png");
    assertThat(names.values()).doesNotHaveDuplicates();
  }

  @Test
  void framesWithoutASourceFileAreNamedByIndex() {
    Frame synthetic = frame(7, null, 0);

    assertThat(MaskWriter.names(List.of(synthetic))).containsExactly(Map.entry(7L, "000007"));
  }

  private static Frame frame(long index, String file, int page) {
    Map<String, String> attributes = new HashMap<>();
    if (file != null) {
      attributes.put(FramePublisher.FILE_ATTRIBUTE, file);
      attributes.put(FramePublisher.PAGE_ATTRIBUTE, Integer.toString(page));
    }
    return Frame.newBuilder(TestFrames.frame("acq", index, 1, 1, PixelType.UINT8, new byte[1]))
        .setAttributes(attributes)
        .build();
  }
}
