package dev.tessera.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schemas of earlier releases, kept as resources under {@code dev/tessera/schemas/releases/}
 * (listed in its {@code index.txt}, each file a fully resolved schema). Readers register them in
 * their schema store so values written by an older release still decode; the compatibility test
 * checks that the current schemas can read every one of them.
 */
public final class SchemaHistory {

  private static final String ROOT = "/dev/tessera/schemas/releases/";

  private SchemaHistory() {}

  /** Every released schema, in index order. */
  public static List<Schema> all() {
    try (InputStream in = SchemaHistory.class.getResourceAsStream(ROOT + "index.txt")) {
      if (in == null) {
        throw new IllegalStateException("Schema history index " + ROOT + "index.txt is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader.lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(path -> AvroSerde.parseResource(ROOT + path))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Released schemas of the record with this full name, e.g. {@code dev.tessera.records.Frame}. */
  public static List<Schema> writerSchemasOf(String fullName) {
    return all().stream().filter(s -> s.getFullName().equals(fullName)).toList();
  }
}
