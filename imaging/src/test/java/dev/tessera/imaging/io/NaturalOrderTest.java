package dev.tessera.imaging.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

  @Test
  void sortsNumberedFramesByNumberNotByCharacter() {
    List<String> names = new ArrayList<>(List.of("t10.tif", "t2.tif", "t1.tif", "t1b.tif", "a.tif", "t002.tif"));
    names.sort(NaturalOrder.COMPARATOR);
    assertThat(names).containsExactly("a.tif", "t1.tif", "t1b.tif", "t002.tif", "t2.tif", "t10.tif");
  }

  @Test
  void sortsBareNumbersAsNumbers() {
    List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
    assertThat(names.stream().sorted(NaturalOrder.COMPARATOR).toList()).containsExactlyElementsOf(names);
  }

  @Test
  void namesDifferingOnlyInLeadingZerosAreNotEqual() {
    // The trainer's former ordering called "002" and "2" equal, leaving their order to the listing.
    assertThat(NaturalOrder.COMPARATOR.compare("002", "2")).isNegative();
    assertThat(NaturalOrder.COMPARATOR.compare("2", "002")).isPositive();
    assertThat(NaturalOrder.COMPARATOR.compare("2", "2")).isZero();
  }

  @Test
  void comparesDigitRunsLongerThanALongByValue() {
    assertThat(NaturalOrder.COMPARATOR.compare("f99999999999999999999", "f100000000000000000000")).isNegative();
  }
}
