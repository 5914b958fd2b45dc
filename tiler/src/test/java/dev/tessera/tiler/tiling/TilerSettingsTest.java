package dev.tessera.tiler.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.imaging.geometry.UNetGeometry;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.imaging.model.NormalizationSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TilerSettingsTest {

  private static final ModelCard CARD = new ModelCard("unet-d4-w16", 4, List.of("background", "cell"), 1,
      new NormalizationSpec.Percentile(2, 99.5), ModelCard.SelfTest.NONE, "", "", "", "");

  @Test
  void takesGeometryAndNormalizationFromTheModelCard() {
    TilerSettings s = TilerSettings.builder().modelCard(CARD, "/models/m.onnx").build();

    assertThat(s.geometry()).isEqualTo(new UNetGeometry(4));
    assertThat(s.normalization()).isEqualTo(new NormalizationSpec.Percentile(2, 99.5));
    assertThat(s.maxInputSize()).isEqualTo(TilerSettings.DEFAULT_MAX_INPUT_SIZE);
    assertThat(s.largestInputSize()).isEqualTo(1084);
    assertThat(s.maxFramePixels()).isEqualTo(4096L * 4096);
    assertThat(s.source()).isEqualTo("model unet-d4-w16 (/models/m.onnx)");
  }

  @Test
  void acceptsExplicitValuesThatRepeatTheCard() {
    TilerSettings s = TilerSettings.builder().modelCard(CARD, "m.onnx").depth(4).normalization("percentile:2,99.5")
        .build();

    assertThat(s.geometry().depth()).isEqualTo(4);
    assertThat(s.normalization()).isEqualTo(CARD.normalization());
  }

  @Test
  void namesBothValuesWhenTheConfiguredDepthContradictsTheModel() {
    assertThatThrownBy(() -> TilerSettings.builder().modelCard(CARD, "/models/m.onnx").depth(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("depth=3 contradicts the model card of unet-d4-w16 (/models/m.onnx), which declares"
            + " tessera.depth=4: remove depth or use a model of depth 3");
  }

  @Test
  void namesBothValuesWhenTheConfiguredNormalizationContradictsTheModel() {
    assertThatThrownBy(() -> TilerSettings.builder().modelCard(CARD, "m.onnx").normalization("range").build())
        .hasMessage("normalization=range contradicts the model card of unet-d4-w16 (m.onnx), which"
            + " declares tessera.normalization=percentile:2.0,99.5: remove normalization or use a"
            + " model trained with that normalization");
  }

  @Test
  void usesExplicitDepthWithCsbDeepPercentilesWhenThereIsNoModel() {
    TilerSettings s = TilerSettings.builder().depth(4).build();

    assertThat(s.normalization()).isEqualTo(new NormalizationSpec.Percentile(1.0, 99.8));
    assertThat(s.source()).isEqualTo("explicit configuration");
  }

  @Test
  void asksForAModelOrADepthWhenGivenNeither() {
    assertThatThrownBy(() -> TilerSettings.builder().build())
        .hasMessageStartingWith("model-path is not set and there is no depth: no tile geometry. Give the model's"
            + " ONNX file, or a depth (1 to 10");
  }

  @Test
  void namesTheKeyAndTheAllowedValuesOfEveryBadValue() {
    assertThatThrownBy(() -> TilerSettings.builder().depth(0).build())
        .hasMessage("depth=0 is not a U-Net depth: use 1 to 10");
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).normalization("minmax"))
        .hasMessage("normalization=minmax: Normalization 'minmax' is not understood: use 'range' or"
            + " 'percentile:LOW,HIGH' (e.g. percentile:1.0,99.8)");
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).maxInputSize(187).build())
        .hasMessage("max-input-size=187 is below the smallest input that can tile a frame with a"
            + " depth-4 U-Net: use at least 204 (sizes that can tile are 204 + k*16)");
    // 188 is a valid input, but its 4 outputs are narrower than the 16-pixel pooling grid.
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).maxInputSize(203).build())
        .hasMessageStartingWith("max-input-size=203 is below the smallest input that can tile");
    assertThat(TilerSettings.builder().depth(4).maxInputSize(204).build().largestInputSize()).isEqualTo(204);
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).maxFrameWidth(0).build())
        .hasMessage("max-frame-width=0 is not a limit: use a positive number");
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).maxFrameHeight(-1).build())
        .hasMessageStartingWith("max-frame-height=-1");
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).maxFramePixels(1L << 30).build())
        .hasMessage("max-frame-pixels=1073741824 is over 536870907, the most pixels a FLOAT32 frame"
            + " can hold in one Java array");
  }

  @Test
  void acceptsOnlyAValidFixedInputSize() {
    assertThat(TilerSettings.builder().depth(4).fixedInputSize(572).build().largestInputSize()).isEqualTo(572);
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).fixedInputSize(570).build())
        .hasMessage("input-size=570 is not a valid input of a depth-4 U-Net: sizes that can tile are"
            + " 204 + k*16 (nearest: 556 or 572)");
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).fixedInputSize(100).build())
        .hasMessage("input-size=100 is not a valid input of a depth-4 U-Net: sizes that can tile are"
            + " 204 + k*16");
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).fixedInputSize(200).build())
        .hasMessage("input-size=200 is not a valid input of a depth-4 U-Net: sizes that can tile are"
            + " 204 + k*16");
    assertThatThrownBy(() -> TilerSettings.builder().depth(4).fixedInputSize(188).build())
        .hasMessage("input-size=188 is too small to tile a frame with a depth-4 U-Net: its output is"
            + " narrower than the 16-pixel alignment; sizes that can tile are 204 + k*16");
  }

  @Test
  void usesTheLargestValidInputNotAboveTheMaximum() {
    assertThat(TilerSettings.builder().depth(4).maxInputSize(699).build().largestInputSize()).isEqualTo(684);
  }
}
