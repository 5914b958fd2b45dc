package dev.tessera.model.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing of enumerated configuration values, with messages naming the key and the allowed values. */
final class ConfigValues {

  private ConfigValues() {}

  /**
   * The constant of {@code type} named {@code value} (any case, surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming the key, the value and the allowed values
   */
  static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
    String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(v)) {
        return e;
      }
    }
    throw new IllegalArgumentException(key + "=" + value + " is not one of " + Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
  }
}
