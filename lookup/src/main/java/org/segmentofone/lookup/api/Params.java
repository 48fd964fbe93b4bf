package org.segmentofone.lookup.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decoded query parameters of one request, checked as the contract says (docs/lookup.md):
 * unknown or repeated parameters, malformed ids and limits are refused with a 400 and a message
 * that names the parameter and the value.
 */
public final class Params {
  private final Map<String, List<String>> values;
  private final ApiConfig cfg;

  private Params(Map<String, List<String>> values, ApiConfig cfg) {
    this.values = values;
    this.cfg = cfg;
  }

  /** Refuses parameters outside {@code allowed} (a typo such as {@code limt} is not ignored). */
  public static Params of(Map<String, List<String>> values, ApiConfig cfg, Set<String> allowed) {
    for (String name : values.keySet()) {
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(
            "unknown parameter '"
                + printable(name, 64)
                + "' (allowed: "
                + String.join(", ", new TreeSet<>(allowed))
                + ")");
      }
    }
    return new Params(values, cfg);
  }

  /** The one value of {@code name}, or {@code fallback} when absent. */
  public String optional(String name, String fallback) {
    List<String> v = values.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    if (v.size() > 1) {
      throw ApiException.badRequest(name + " must be given once, got " + v.size() + " values");
    }
    return v.get(0);
  }

  /** A required identifier parameter, validated by {@link #id}. */
  public String requiredId(String name) {
    String v = optional(name, null);
    if (v == null) {
      throw ApiException.badRequest(name + " is required");
    }
    return id(name, v);
  }

  /** Every value of a repeatable identifier parameter, each validated. */
  public List<String> ids(String name) {
    List<String> v = values.getOrDefault(name, List.of());
    return v.stream().map(x -> id(name, x)).toList();
  }

  /** {@code limit}: an integer from 1; above the configured maximum it is lowered to it. */
  public int limit() {
    String v = optional("limit", null);
    if (v == null) {
      return cfg.defaultLimit();
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = v.matches("[0-9]{1,40}") ? Integer.MAX_VALUE : 0;
    }
    if (n < 1) {
      throw ApiException.badRequest(
          "limit must be a whole number from 1 to "
              + cfg.maxLimit()
              + ", got '"
              + printable(v, 40)
              + "'");
    }
    return Math.min(n, cfg.maxLimit());
  }

  /**
   * An id as stored in the tables: 1 to {@code maxIdLength} characters among letters, digits and
   * {@code - _ . : @ + = ~ | /}. A space (a {@code +} sent unencoded in a query) is refused too.
   */
  public String id(String name, String value) {
    if (value.isEmpty()) {
      throw ApiException.badRequest(name + " must not be empty");
    }
    if (value.length() > cfg.maxIdLength()) {
      throw ApiException.badRequest(
          name + " must be at most " + cfg.maxIdLength() + " characters, got " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!allowed(c)) {
        throw ApiException.badRequest(
            name
                + " may hold only letters, digits and - _ . : @ + = ~ | / (a '+' must be sent as"
                + " %2B), got "
                + describe(c)
                + " at position "
                + (i + 1));
      }
    }
    return value;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-_.:@+=~|/".indexOf(c) >= 0;
  }

  private static String describe(char c) {
    return c > 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  /** Echoes a caller's value safely: printable ASCII only, cut at {@code max} characters. */
  static String printable(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return s.length() > max ? b + "…" : b.toString();
  }
}
