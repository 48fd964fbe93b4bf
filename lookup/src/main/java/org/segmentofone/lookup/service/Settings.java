package org.segmentofone.lookup.service;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Typed, validated reads of one config section: the only place that calls {@code config.getX};
 * every failure names the full key and the value.
 */
final class Settings {
  private final Config config;
  private final String prefix;

  private Settings(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** The section {@code prefix} of the whole configuration. */
  static Settings of(Config root, String prefix) {
    return new Settings(root, "").section(prefix);
  }

  Settings section(String key) {
    return new Settings(read(key, () -> config.getConfig(key)), key(key));
  }

  String key(String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  String string(String key) {
    return read(key, () -> config.getString(key));
  }

  String nonBlank(String key) {
    String v = string(key);
    if (v.isBlank()) {
      throw new ConfigException(key(key) + " must not be empty");
    }
    return v;
  }

  boolean bool(String key) {
    return read(key, () -> config.getBoolean(key));
  }

  int intBetween(String key, int min, int max) {
    int v = read(key, () -> config.getInt(key));
    if (v < min || v > max) {
      throw new ConfigException(
          key(key) + " must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  double fraction(String key) {
    double v = read(key, () -> config.getDouble(key));
    if (!(v >= 0 && v <= 1)) {
      throw new ConfigException(key(key) + " must be between 0 and 1, got " + v);
    }
    return v;
  }

  /** A HOCON duration ({@code 60s}, {@code 30m}, {@code 36h}) above zero. */
  Duration positiveDuration(String key) {
    Duration v = read(key, () -> config.getDuration(key));
    if (v.isZero() || v.isNegative()) {
      throw new ConfigException(key(key) + " must be a duration above 0, got " + v);
    }
    return v;
  }

  private <T> T read(String key, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (Missing e) {
      throw new ConfigException(key(key) + " is required but missing", e);
    } catch (WrongType | BadValue e) {
      Object raw = config.hasPath(key) ? config.getValue(key).unwrapped() : null;
      throw new ConfigException(key(key) + " has the wrong type or format, got '" + raw + "'", e);
    }
  }
}
