package dev.notionoauth.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin's own settings: the free {@code settings} map of the configuration file (the seed's
 * {@code custom_section}). Values are strings, numbers, booleans, lists or maps as written.
 *
 * @param values the settings
 */
public record PluginSettings(Map<String, Object> values) {
  /** Copies the map. */
  public PluginSettings {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** No settings. */
  public static PluginSettings empty() {
    return new PluginSettings(Map.of());
  }

  /** A setting as text, if present (numbers and booleans are converted). */
  public Optional<String> string(String key) {
    Object v = values.get(key);
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return Optional.of(v.toString());
    }
    return Optional.empty();
  }

  /** A setting as text, or a default. */
  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  @Override
  public String toString() {
    return "PluginSettings" + values.keySet();
  }
}
