package dev.tessera.service;

import java.util.function.Supplier;

/**
 * Configuration errors that name the key. The stage cores validate their typed settings and name a
 * setting by its short kebab-case name ({@code max-batch=0 must be between 1 and 256}); a service
 * puts its key prefix in front ({@code tessera.inference.max-batch=0 ...}), as the launcher puts
 * {@code --}, so each front end names what its user actually set.
 */
public final class ConfigErrors {

  private ConfigErrors() {}

  /**
   * Runs {@code build}; an {@link IllegalArgumentException} (a bad value) or {@link
   * IllegalStateException} (a value this machine cannot honour, such as {@code device=cuda} without
   * CUDA) comes back, of the same type, with {@code prefix} in front of its message.
   */
  public static <T> T withPrefix(String prefix, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(prefix + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code build}; an {@link IllegalArgumentException} comes back as {@code key=value: message}.
   */
  public static <T> T forKey(String key, Object value, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + "=" + value + ": " + e.getMessage(), e);
    }
  }
}
