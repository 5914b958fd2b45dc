package dev.tessera.imaging.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeometryIdTest {

  @Test
  void writesThePapersTileAsDepthInputAndMargin() {
    GeometryId id = GeometryId.of(new UNetGeometry(4), 572);

    assertThat(id).isEqualTo(new GeometryId(4, 572, 92));
    assertThat(id.format()).isEqualTo("unet-d4/in572/m92");
    assertThat(id).hasToString("unet-d4/in572/m92");
    assertThat(id.geometry()).isEqualTo(new UNetGeometry(4));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"unet-d1/in18/m8, 1, 18, 8", "unet-d2/in44/m20, 2, 44, 20", "unet-d4/in572/m92, 4, 572, 92",
      "unet-d4/in700/m92, 4, 700, 92", "unet-d5/in412/m188, 5, 412, 188"})
  void readsBackWhatItWrites(String text, int depth, int input, int margin) {
    GeometryId id = GeometryId.parse(text);

    assertThat(id).isEqualTo(new GeometryId(depth, input, margin));
    assertThat(id.format()).isEqualTo(text);
    assertThat(GeometryId.parse(GeometryId.of(new UNetGeometry(depth), input).format())).isEqualTo(id);
  }

  @Test
  void theGeometryWritesItsIdsThroughIt() {
    UNetGeometry d3 = new UNetGeometry(3);

    assertThat(d3.validInputsUpTo(300)).allSatisfy(n ->
        assertThat(GeometryId.parse(d3.geometryId(n))).isEqualTo(GeometryId.of(d3, n)));
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(value = {"tiles-572", "''", "unet-d4/in572", "unet-d4/in572/m92/x", "UNET-D4/IN572/M92",
      "unet-d4/in-572/m92", "unet-d/in572/m92", "unet-d123/in572/m92", "unet-d4/in1234567/m92", " unet-d4/in572/m92"},
      ignoreLeadingAndTrailingWhitespace = false)
  void refusesTextNotOfTheFormNamingTheTextAndTheForm(String text) {
    assertThatThrownBy(() -> GeometryId.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("geometry id '" + text + "' is not of the form unet-d<depth>/in<input>/m<margin>");
  }

  @Test
  void refusesAMissingId() {
    assertThatThrownBy(() -> GeometryId.parse(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("geometry id 'null' is not of the form unet-d<depth>/in<input>/m<margin>");
  }

  @Test
  void refusesAnInputSizeTheNetworkDoesNotTake() {
    assertThatThrownBy(() -> GeometryId.parse("unet-d4/in575/m92")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("geometry id 'unet-d4/in575/m92' is not valid: Input size 575 is not valid for a depth-4 U-Net:"
            + " valid sizes are 188 + k*16 (nearest: 572 or 588)");
  }

  @Test
  void refusesADepthNoUNetHas() {
    assertThatThrownBy(() -> GeometryId.parse("unet-d0/in18/m8")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("geometry id 'unet-d0/in18/m8' is not valid: U-Net depth must be between 1 and 10, was 0");
  }

  @Test
  void refusesAMarginOrDigitsOtherThanItsDepthAndInputGive() {
    assertThatThrownBy(() -> GeometryId.parse("unet-d4/in572/m90")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("geometry id 'unet-d4/in572/m90' contradicts its depth and input size, which give"
            + " 'unet-d4/in572/m92'");
    assertThatThrownBy(() -> GeometryId.parse("unet-d04/in572/m92")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("geometry id 'unet-d04/in572/m92' contradicts its depth and input size, which give"
            + " 'unet-d4/in572/m92'");
  }

  @Test
  void cannotBeBuiltInconsistentWithTheArchitecture() {
    assertThatThrownBy(() -> new GeometryId(4, 572, 90)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A depth-4 U-Net loses 92 pixels per side, not 90");
    assertThatThrownBy(() -> GeometryId.of(new UNetGeometry(1), 19)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Input size 19 is not valid for a depth-1 U-Net: valid sizes are 18 + k*2 (nearest: 18 or 20)");
  }
}
