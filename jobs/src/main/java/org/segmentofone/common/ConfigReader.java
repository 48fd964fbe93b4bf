package org.segmentofone.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Typed, validated reads of one config section. The only place that calls {@code config.getX};
 * every failure names the full key and the offending value.
 */
public final class ConfigReader {
  private final Config config;
  private final String prefix;

  public ConfigReader(Config config, String prefix) {
    this.config = config.getConfig(prefix);
    this.prefix = prefix;
  }

  private ConfigReader(Config config, String prefix, boolean scoped) {
    this.config = config;
    this.prefix = prefix;
  }

  public ConfigReader section(String key) {
    return new ConfigReader(read(key, () -> config.getConfig(key)), key(key), true);
  }

  /**
   * A section whose missing keys come from a sibling defaults section, e.g. one placement's rules
   * over {@code rules.default}.
   */
  public ConfigReader sectionOver(String key, String defaultsKey) {
    Config over = read(key, () -> config.getConfig(key));
    Config defaults = read(defaultsKey, () -> config.getConfig(defaultsKey));
    return new ConfigReader(over.withFallback(defaults), key(key), true);
  }

  /** A list of objects, each read as its own section ({@code key[0]}, {@code key[1]}, ...). */
  public List<ConfigReader> sections(String key) {
    List<? extends Config> items = read(key, () -> config.getConfigList(key));
    List<ConfigReader> out = new java.util.ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(new ConfigReader(items.get(i), key(key) + "[" + i + "]", true));
    }
    return out;
  }

  /** The full key of this section. */
  public String path() {
    return prefix;
  }

  public boolean has(String key) {
    return config.hasPath(key);
  }

  public String key(String key) {
    return prefix + "." + key;
  }

  public String string(String key) {
    return read(key, () -> config.getString(key));
  }

  public String nonBlank(String key) {
    String value = string(key);
    if (value.isBlank()) {
      throw new ConfigException(key(key) + " must not be empty");
    }
    return value;
  }

  public boolean bool(String key) {
    return read(key, () -> config.getBoolean(key));
  }

  public int intAtLeast(String key, int min) {
    int value = read(key, () -> config.getInt(key));
    if (value < min) {
      throw new ConfigException(key(key) + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  public long longAtLeast(String key, long min) {
    long value = read(key, () -> config.getLong(key));
    if (value < min) {
      throw new ConfigException(key(key) + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  public double positive(String key) {
    double value = read(key, () -> config.getDouble(key));
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ConfigException(key(key) + " must be > 0, got " + value);
    }
    return value;
  }

  public double nonNegative(String key) {
    double value = read(key, () -> config.getDouble(key));
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ConfigException(key(key) + " must be >= 0, got " + value);
    }
    return value;
  }

  public double finite(String key) {
    double value = read(key, () -> config.getDouble(key));
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new ConfigException(key(key) + " must be a finite number, got " + value);
    }
    return value;
  }

  public double fraction(String key) {
    double value = read(key, () -> config.getDouble(key));
    if (!(value >= 0 && value <= 1)) {
      throw new ConfigException(key(key) + " must be between 0 and 1, got " + value);
    }
    return value;
  }

  public LocalDate date(String key) {
    String value = string(key);
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new ConfigException(key(key) + " must be a date YYYY-MM-DD, got '" + value + "'");
    }
  }

  public List<String> strings(String key) {
    return read(key, () -> List.copyOf(config.getStringList(key)));
  }

  /** A non-empty list of ints, each at least {@code min}. */
  public List<Integer> ints(String key, int min) {
    List<Integer> values = read(key, () -> List.copyOf(config.getIntList(key)));
    if (values.isEmpty()) {
      throw new ConfigException(key(key) + " must list at least one value");
    }
    for (int v : values) {
      if (v < min) {
        throw new ConfigException(key(key) + " values must be >= " + min + ", got " + v);
      }
    }
    return values;
  }

  /** A non-empty list of numbers, each > 0 and finite. */
  public List<Double> positives(String key) {
    List<Double> values = read(key, () -> List.copyOf(config.getDoubleList(key)));
    if (values.isEmpty()) {
      throw new ConfigException(key(key) + " must list at least one value");
    }
    for (double v : values) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new ConfigException(key(key) + " values must be > 0, got " + v);
      }
    }
    return values;
  }

  /** A non-empty list of numbers, each between {@code min} and {@code max} (both included). */
  public List<Double> numbersIn(String key, double min, double max) {
    List<Double> values = read(key, () -> List.copyOf(config.getDoubleList(key)));
    if (values.isEmpty()) {
      throw new ConfigException(key(key) + " must list at least one value");
    }
    for (double v : values) {
      if (!(v >= min && v <= max)) {
        throw new ConfigException(
            key(key) + " values must be between " + min + " and " + max + ", got " + v);
      }
    }
    return values;
  }

  /** A non-empty list of booleans. */
  public List<Boolean> bools(String key) {
    List<Boolean> values = read(key, () -> List.copyOf(config.getBooleanList(key)));
    if (values.isEmpty()) {
      throw new ConfigException(key(key) + " must list at least one value");
    }
    return values;
  }

  public List<Pattern> patterns(String key) {
    return strings(key).stream()
        .map(
            p -> {
              try {
                return Pattern.compile(p);
              } catch (PatternSyntaxException e) {
                throw new ConfigException(
                    key(key) + " has an invalid regular expression '" + p + "': " + e.getMessage());
              }
            })
        .toList();
  }

  /** A map of doubles, e.g. event-type weights; keys kept in config order. */
  public Map<String, Double> doubles(String key) {
    Config sub = read(key, () -> config.getConfig(key));
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : sub.root().entrySet()) {
      Object raw = e.getValue().unwrapped();
      if (!(raw instanceof Number n)) {
        throw new ConfigException(
            key(key) + "." + e.getKey() + " must be a number, got '" + raw + "'");
      }
      out.put(e.getKey(), n.doubleValue());
    }
    return out;
  }

  /** A map of strings, e.g. extra Spark settings. */
  public Map<String, String> stringMap(String key) {
    Config sub = read(key, () -> config.getConfig(key));
    Map<String, String> out = new LinkedHashMap<>();
    // Entry keys are HOCON paths: a quoted key ("spark.sql.adaptive.enabled" = true) comes back
    // with its quotes, a nested one (spark.sql.adaptive.enabled = true) as a path; both mean the
    // same dotted name.
    sub.entrySet()
        .forEach(
            e ->
                out.put(
                    String.join(".", ConfigUtil.splitPath(e.getKey())),
                    String.valueOf(e.getValue().unwrapped())));
    return out;
  }

  public <E extends Enum<E>> E oneOf(String key, Class<E> type) {
    String value = string(key);
    for (E e : type.getEnumConstants()) {
      if (e.name().replace('_', '-').equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new ConfigException(
        key(key)
            + " must be one of "
            + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().replace('_', '-').toLowerCase(java.util.Locale.ROOT))
                .toList()
            + ", got '"
            + value
            + "'");
  }

  private <T> T read(String key, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (Missing e) {
      throw new ConfigException(key(key) + " is required but missing", e);
    } catch (WrongType e) {
      Object raw = config.hasPath(key) ? config.getValue(key).unwrapped() : null;
      throw new ConfigException(key(key) + " has the wrong type, got '" + raw + "'", e);
    }
  }
}
