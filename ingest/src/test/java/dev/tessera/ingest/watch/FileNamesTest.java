package dev.tessera.ingest.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void recognisesTemporaryNames() {
    assertThat(List.of(".x.tif", "x.tif.part", "x.TIF.TMP", "~x.tif", "x.tif~", "x.tif.crdownload"))
        .allMatch(FileNames::isTemporary);
    assertThat(List.of("x.tif", "part.tif", "tmp_3.png")).noneMatch(FileNames::isTemporary);
  }

  @Test
  void takesTiffPngAndOtherImagesButNotSidecars() {
    assertThat(List.of("a.tif", "a.TIFF", "a.ome.tif", "a.png", "a.jpg")).allMatch(FileNames::isImage);
    assertThat(List.of("a.txt", "a.xml", "a.json", "a")).noneMatch(FileNames::isImage);
  }
}
