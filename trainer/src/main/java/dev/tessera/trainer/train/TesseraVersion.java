package dev.tessera.trainer.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Tessera version the trainer was built as (from the Maven project version). */
public final class TesseraVersion {

  private static final String VERSION = load();

  private TesseraVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = TesseraVersion.class.getResourceAsStream("/dev/tessera/trainer/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
